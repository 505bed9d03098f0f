import '../components/zod-jitless';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { PageReport } from '../lib/messages';
import { loadSettings, onMessage, onSettingsChanged, parseReport, sendToTab } from '../lib/messaging';
import { answerAudit } from '../lib/report/audit-answer';
import { badgeFor, type BadgeLanguage } from '../lib/report/badge';
import { forgetTabHighlights } from '../components/page-highlights';
import { t } from '../components/i18n';
import { attachmentLinkPatterns, viewerQuery } from '../components/viewer-urls';
import { createAttachmentMenu, onAttachmentMenuClicked, openViewerTab, setAttachmentMenuTitle } from '../lib/viewer-access';

/**
 * The audit of every page's tables (the content script reads a page and sends what it read here:
 * extraction and the rules run in this worker, not on the page's main thread), per-tab results,
 * the toolbar badge, and the links' context menu item that opens an attachment
 * (.pdf / .doc(x) / .xls(x)) in the viewer. The reports live in memory: when the browser stops the
 * worker they are gone, and the popup then asks the page itself ('get-page-report'); the badge
 * stays, the browser keeps it per tab.
 */
export default defineBackground(() => {
  const reports = new Map<number, PageReport>();
  /** tabs whose badge this worker set: their tooltip follows the language setting */
  const badged = new Set<number>();
  let language: BadgeLanguage = 'zh';
  const action = browser.action ?? browser.browserAction;

  const showBadge = async (tabId: number, report: PageReport | null) => {
    const badge = badgeFor(report, language);
    badged.add(tabId);
    await action.setBadgeText({ tabId, text: badge.text });
    if (badge.color) await action.setBadgeBackgroundColor({ tabId, color: badge.color });
    await action.setTitle({ tabId, title: badge.title });
  };

  const setLanguage = async (next: BadgeLanguage) => {
    const changed = next !== language;
    language = next;
    if (changed) await setAttachmentMenuTitle(t(language, 'contextMenuAudit'));
    await action.setTitle({ title: badgeFor(null, language).title }).catch(() => undefined);
    for (const tabId of badged) await showBadge(tabId, reports.get(tabId) ?? null).catch(() => undefined);
  };
  const ready = loadSettings()
    .then((s) => setLanguage(s.language))
    .catch(() => undefined);
  onSettingsChanged((s) => {
    if (s.language !== language) void setLanguage(s.language);
  });

  // "用预算透镜审核此附件" on links to attachments: the viewer fetches and audits the file
  void ready.then(() => createAttachmentMenu(t(language, 'contextMenuAudit'), attachmentLinkPatterns())).catch(() => undefined);
  onAttachmentMenuClicked((linkUrl, tab) => void openViewerTab(viewerQuery(linkUrl), tab).catch(() => undefined));

  /** navigations seen per tab: an answer that arrives after the tab moved on is dropped */
  const generation = new Map<number, number>();

  const forget = (tabId: number) => {
    generation.set(tabId, (generation.get(tabId) ?? 0) + 1);
    reports.delete(tabId);
    return showBadge(tabId, null).catch(() => undefined);
  };

  /** The report a page still holds (after a frame load, a same-page navigation or a worker restart). */
  const recover = async (tabId: number) => {
    const asked = generation.get(tabId) ?? 0;
    const report = parseReport(await sendToTab(tabId, { type: 'get-page-report' }).catch(() => null));
    if (!report || reports.has(tabId) || (generation.get(tabId) ?? 0) !== asked) return;
    reports.set(tabId, report);
    await ready;
    await showBadge(tabId, report).catch(() => undefined);
  };

  onMessage((message, sender) => {
    if (message.type === 'page-report') {
      // the content script runs in the top frame only; anything else is not the page's report
      if (sender.tabId === null || (sender.frameId !== null && sender.frameId !== 0)) return undefined;
      const tabId = sender.tabId;
      reports.set(tabId, message.report);
      return ready.then(() => showBadge(tabId, message.report).catch(() => undefined)).then(() => true);
    }
    // the page read its tables; extracting and auditing them here keeps that work off the page's thread
    if (message.type === 'audit-source') return Promise.resolve().then(() => answerAudit(message));
    if (message.type === 'get-report') return Promise.resolve(reports.get(message.tabId) ?? null);
    return undefined;
  });

  browser.tabs.onUpdated.addListener((tabId, info) => {
    // A navigation (or reload) starts: the old page's results no longer apply.
    if (info.status === 'loading') void forget(tabId);
    // Loading also flags frames and same-page navigations, which keep the page's content
    // script: once the tab is done, take back the report the page still has (if any).
    else if (info.status === 'complete' && !reports.has(tabId)) void recover(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    reports.delete(tabId);
    badged.delete(tabId);
    generation.delete(tabId);
    void forgetTabHighlights(tabId);
  });
});
