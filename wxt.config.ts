import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See README "Permissions" for why each permission is requested.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // settings (storage.local) and the popup's per-tab highlight switch (storage.session)
    permissions: ['storage'],
    // action.default_title comes from the popup's <title> (__MSG_actionTitle__)
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'budget-lens@budget-lens.invalid',
              strict_min_version: '115.0',
              // nothing leaves the browser: the audit runs locally and makes no request
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
