import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { PageReport } from '../lib/messages';
import { onMessage } from '../lib/messaging';
import { badgeFor } from '../lib/report/badge';

export default defineBackground(() => {
  // Per-tab results. Lost when the worker sleeps; the popup then asks the page again.
  const reports = new Map<number, PageReport>();
  const action = browser.action ?? browser.browserAction;

  const showBadge = async (tabId: number, report: PageReport | null) => {
    const badge = badgeFor(report);
    await action.setBadgeText({ tabId, text: badge.text });
    if (badge.color) await action.setBadgeBackgroundColor({ tabId, color: badge.color });
    await action.setTitle({ tabId, title: badge.title });
  };

  onMessage(async (message, sender) => {
    if (message.type === 'page-report' && sender.tabId !== null) {
      reports.set(sender.tabId, message.report);
      await showBadge(sender.tabId, message.report).catch(() => undefined);
      return true;
    }
    if (message.type === 'get-report') return reports.get(message.tabId) ?? null;
    return undefined;
  });

  browser.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status === 'loading' && info.url !== undefined) {
      reports.delete(tabId);
      void showBadge(tabId, null).catch(() => undefined);
    }
  });
  browser.tabs.onRemoved.addListener((tabId) => reports.delete(tabId));
});
