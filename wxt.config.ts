import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);
/** pdfjs-dist's packed CMaps: Chinese PDFs whose fonts are not embedded (宋体 with UniGB-UCS2-H …) need them. */
const PDFJS_CMAPS = join(dirname(require.resolve('pdfjs-dist/package.json')), 'cmaps');

/**
 * lib/files parses HTML with happy-dom in Node (lib/files/html.ts). The extension's viewer passes
 * the page's own DOMParser instead, so in the extension build that module is replaced by a
 * DOMParser version: happy-dom (a Node library) is never bundled.
 */
function browserHtmlParser(): Plugin {
  const replacement = resolve('components/viewer-html.ts');
  return {
    name: 'budget-lens:browser-html-parser',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './html' && importer && /[\\/]lib[\\/]files[\\/][^\\/]+\.ts$/.test(importer)) return replacement;
      return null;
    },
  };
}

// See README "Permissions" for why each permission is requested.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact(), browserHtmlParser()],
  }),
  hooks: {
    // the viewer's PDF reader: pdfjs fetches CMaps from /pdfjs/cmaps/ (components/viewer-read.ts)
    'build:publicAssets': (_wxt, files) => {
      for (const name of readdirSync(PDFJS_CMAPS)) files.push({ absoluteSrc: join(PDFJS_CMAPS, name), relativeDest: `pdfjs/cmaps/${name}` });
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // storage: settings (storage.local) and the popup's per-tab highlight switch (storage.session)
    // contextMenus: "用预算透镜审核此附件" on links to .pdf/.doc(x)/.xls(x)
    // activeTab: the popup may read the address of the tab it was opened on, to offer "审核此 PDF"
    permissions: ['storage', 'contextMenus', 'activeTab'],
    // the viewer fetches an attachment from another site only after the user allows that one
    // site (permissions.request at the click on "允许读取 … 的附件"); nothing is granted up front
    ...(browser === 'firefox' ? { optional_permissions: ['http://*/*', 'https://*/*'] } : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    // action.default_title comes from the popup's <title> (__MSG_actionTitle__)
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'budget-lens@budget-lens.invalid',
              strict_min_version: '115.0',
              // nothing is collected or sent: the audit runs locally; the only request the
              // extension makes is the attachment download the user asks for in the viewer
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
