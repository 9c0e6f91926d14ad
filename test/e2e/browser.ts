// Drives the VS Code web workbench served by code-server with Debian's Chromium through
// playwright-core. Every wait has a deadline; nothing sleeps a fixed time to "let things settle".
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core';
import { repoRoot, resultsDir } from './codeServer';

export function chromiumPath(): string {
  if (process.env.RUNLENS_E2E_CHROMIUM) return process.env.RUNLENS_E2E_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('no Chromium found: apt-get install -y chromium (or set RUNLENS_E2E_CHROMIUM)');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: process.env.RUNLENS_E2E_HEADED !== '1',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps', '--disable-dev-shm-usage',
      '--force-color-profile=srgb', '--font-render-hinting=none',
    ],
  });
}

/** Polls `probe` until it returns a value that is not undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false | null>,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export type TextMatch = string | RegExp;

/**
 * The little of the DOM that the page functions below use. The project compiles without the DOM
 * library (it is a Node project), so page-side code is typed against this instead.
 */
interface DomEl {
  textContent: string | null;
  innerText: string;
  style: { top: string };
  parentElement: DomEl | null;
  classList: { contains(name: string): boolean };
  querySelectorAll(selector: string): ArrayLike<DomEl> & Iterable<DomEl>;
  getBoundingClientRect(): Box;
  getAttribute(name: string): string | null;
}
export interface Box { x: number; y: number; width: number; height: number }
function matches(text: string, pattern: TextMatch): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/** One open workbench page with the helpers the journeys use. */
export class Workbench {
  readonly console: string[] = [];

  private constructor(readonly context: BrowserContext, readonly page: Page) {
    page.on('console', (msg: ConsoleMessage) => {
      this.console.push(`[${new Date().toISOString()}] ${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => this.console.push(`[${new Date().toISOString()}] pageerror: ${err.message}`));
  }

  /** Opens the workbench at `url` and waits until the editor area and the status bar are there. */
  static async open(browser: Browser, url: string, timeoutMs = 60_000): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const wb = new Workbench(context, page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
    // The explorer shows the folder once the remote file system answered.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
    return wb;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }

  /** Opens a file of the workspace via Quick Open (Ctrl+P) and waits for its editor to be focused. */
  async openFile(relativePath: string, timeoutMs = 20_000): Promise<void> {
    const name = basename(relativePath);
    const page = this.page;
    await this.focusWorkbench();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(relativePath);
    // Wait for the file to be among the picks before accepting, so Enter does not pick nothing.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: timeoutMs });
    await this.editor().locator('.view-lines').waitFor({ state: 'visible', timeout: timeoutMs });
    await waitFor(`${name} focused`, async () => this.editor().evaluate((el: DomEl) => el.classList.contains('focused')), timeoutMs);
  }

  /** The active editor's root element. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  private async focusWorkbench(): Promise<void> {
    // Escape closes any open widget or notification toast that would take the keys.
    await this.page.keyboard.press('Escape');
  }

  /** Texts of the inlay hints rendered in the active editor, keyed by 1-based line number. */
  async inlayHints(): Promise<Map<number, string[]>> {
    const rows = await this.editor().evaluate((editor: DomEl) => {
      const lineNumbers = new Map<string, number>();
      for (const el of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
        const top = el.parentElement?.style.top ?? '';
        const n = Number(el.textContent?.trim());
        if (top && Number.isFinite(n)) lineNumbers.set(top, n);
      }
      const found: Array<[number, string]> = [];
      for (const line of editor.querySelectorAll('.view-lines .view-line')) {
        const n = lineNumbers.get(line.style.top);
        if (n === undefined) continue;
        for (const span of line.querySelectorAll('span[class*="dyn-rule"], span[class*="inlay"]')) {
          // Inlay hints are injected text: their class names come from dynamic CSS rules whose ::before /
          // ::after content carries the label, or (recent VS Code) real text in the span.
          // Page functions are serialised into the page: no helpers from this module in here.
          const win = globalThis as unknown as { getComputedStyle(e: DomEl, p: string): { content: string } };
          const style = win.getComputedStyle(span, '::before').content;
          const after = win.getComputedStyle(span, '::after').content;
          const own = span.textContent ?? '';
          const pseudo = [style, after].filter((c) => c && c !== 'none' && c !== 'normal')
            .map((c) => c.replace(/^"|"$/g, '')).join('');
          const text = (own + pseudo).replace(/\u00a0/g, ' ').trim();
          if (text) found.push([n, text]);
        }
      }
      return found;
    });
    const byLine = new Map<number, string[]>();
    for (const [line, text] of rows) byLine.set(line, [...(byLine.get(line) ?? []), text]);
    return byLine;
  }

  /** Waits until an inlay hint matching `pattern` is rendered (on `line`, if given); returns its text. */
  async waitForInlayHint(pattern: TextMatch, options: { line?: number; timeoutMs?: number } = {}): Promise<string> {
    if (options.line !== undefined && !(await this.renderedLines()).includes(options.line)) {
      await this.goToLine(options.line); // only rendered lines have hints in the DOM
    }
    return waitFor(`inlay hint ${pattern}${options.line ? ` on line ${options.line}` : ''}`, async () => {
      for (const [line, texts] of await this.inlayHints()) {
        if (options.line !== undefined && line !== options.line) continue;
        const hit = texts.find((t) => matches(t, pattern));
        if (hit) return hit;
      }
      return undefined;
    }, options.timeoutMs ?? 30_000);
  }

  /** The 1-based numbers of the lines the editor has rendered (the visible ones, about). */
  async renderedLines(): Promise<number[]> {
    return this.editor().locator('.margin-view-overlays .line-numbers').evaluateAll(
      (els: DomEl[]) => els.map((e) => Number(e.textContent?.trim())).filter((n) => Number.isFinite(n) && n > 0),
    );
  }

  /** Waits until no inlay hint matches `pattern`. */
  async waitForNoInlayHint(pattern: TextMatch, timeoutMs = 30_000): Promise<void> {
    await waitFor(`no inlay hint ${pattern}`, async () => {
      for (const texts of (await this.inlayHints()).values()) if (texts.some((t) => matches(t, pattern))) return false;
      return true;
    }, timeoutMs);
  }

  /** Moves the cursor to a 1-based line (Ctrl+G) and column. */
  async goToLine(line: number, column?: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // Go to Line is Quick Open with a ':' prefix; keep it, or the text becomes a file search.
    await input.fill(column ? `:${line}:${column}` : `:${line}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /**
   * Scrolls a 1-based line into view (Ctrl+G) and returns the screen box of its first token
   * and of the whole line (the `.view-line` at the same `top` as the line number in the margin).
   */
  async lineBox(line: number): Promise<{ line: Box; token: Box }> {
    await this.goToLine(line);
    return waitFor(`line ${line} rendered`, async () => this.editor().evaluate((editor: DomEl, n: number) => {
      let top: string | undefined;
      for (const el of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
        if (Number(el.textContent?.trim()) === n) top = el.parentElement?.style.top;
      }
      if (!top) return undefined;
      const row = [...editor.querySelectorAll('.view-lines .view-line')].find((el) => el.style.top === top);
      if (!row) return undefined;
      const box = (r: Box): Box => ({ x: r.x, y: r.y, width: r.width, height: r.height });
      const token = [...row.querySelectorAll('span > span')].find((s) => /\S/.test(s.textContent ?? ''));
      return { line: box(row.getBoundingClientRect()), token: box((token ?? row).getBoundingClientRect()) };
    }, line));
  }

  /** Hovers the mouse over the first token of a 1-based line and returns the hover's text. */
  async hoverLine(line: number, pattern?: TextMatch, timeoutMs = 15_000): Promise<string> {
    const { token } = await this.lineBox(line);
    const x = token.x + Math.min(token.width / 2, 12);
    const y = token.y + token.height / 2;
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    // Move away first so that a hover already showing (for another line) closes.
    await this.page.mouse.move(x, Math.max(0, y - 200));
    await this.page.mouse.move(x, y, { steps: 4 });
    return waitFor(`hover on line ${line}${pattern ? ` with ${pattern}` : ''}`, async () => {
      if (!(await hover.isVisible())) return undefined;
      const text = await hover.innerText();
      return !pattern || matches(text, pattern) ? text : undefined;
    }, timeoutMs);
  }

  /** Waits for a code lens whose title matches; returns its text. */
  async waitForCodeLens(pattern: TextMatch, timeoutMs = 30_000): Promise<string> {
    return waitFor(`code lens ${pattern}`, async () => {
      const texts = await this.codeLenses();
      return texts.find((t) => matches(t, pattern));
    }, timeoutMs);
  }

  async codeLenses(): Promise<string[]> {
    return this.editor().locator('.codelens-decoration a, .codelens-decoration span').evaluateAll(
      (els: DomEl[]) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ').trim()).filter((t) => t && t !== '|'),
    );
  }

  async clickCodeLens(pattern: TextMatch, timeoutMs = 30_000): Promise<void> {
    await this.waitForCodeLens(pattern, timeoutMs);
    const link = this.editor().locator('.codelens-decoration a')
      .filter({ hasText: typeof pattern === 'string' ? pattern : pattern });
    await link.first().click();
  }

  /**
   * Opens the code action menu (Ctrl+.) with the cursor on a 1-based line and picks the action whose
   * title matches; returns the titles that were offered.
   */
  async runCodeAction(line: number, pattern: TextMatch, timeoutMs = 15_000): Promise<string[]> {
    await this.goToLine(line);
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const offered = await waitFor(`code action ${pattern} on line ${line}`, async () => {
      if (!(await rows.first().isVisible())) {
        await this.page.keyboard.press('Control+.');
        await rows.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
      }
      const titles = await rows.evaluateAll((els: DomEl[]) => els.map((e) => e.innerText.trim()));
      if (titles.some((t) => matches(t, pattern))) return titles;
      // The actions come from the latest trace; close the menu and ask again.
      await this.page.keyboard.press('Escape');
      return undefined;
    }, timeoutMs, 500);
    // Keys, not a click: the menu blocks the pointer for a moment after it opens.
    for (let i = 0; i < offered.length + 1; i++) {
      const focused = await this.page.locator('.action-widget .monaco-list-row.action.focused').first().innerText().catch(() => '');
      if (matches(focused, pattern)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await rows.first().waitFor({ state: 'hidden', timeout: timeoutMs });
    return offered;
  }

  /**
   * Waits for an editor tab whose name matches to be the active tab of its group (the group may be
   * beside the focused one) and returns that name and the group's editor.
   */
  async waitForTab(pattern: TextMatch, timeoutMs = 15_000): Promise<{ name: string; editor: Locator }> {
    const name = await waitFor(`tab ${pattern}`, async () => {
      const names = await this.page.locator('.editor-group-container .tabs-container .tab.active').evaluateAll(
        (els: DomEl[]) => els.map((e) => e.getAttribute('data-resource-name') ?? e.innerText.trim()),
      );
      return names.find((n) => matches(n, pattern));
    }, timeoutMs);
    const group = this.page.locator('.editor-group-container').filter({
      has: this.page.locator(`.tabs-container .tab.active[data-resource-name="${name.replace(/"/g, '\\"')}"]`),
    }).first();
    const editor = group.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: timeoutMs });
    return { name, editor };
  }

  /** Distinct token colours (`mtkN` classes) in the active editor's visible lines. */
  async tokenColours(editor: Locator = this.editor()): Promise<string[]> {
    const classes = await editor.locator('.view-lines .view-line span[class*="mtk"]').evaluateAll(
      (els: DomEl[]) => els.map((e) => (e.getAttribute('class') ?? '').split(/\s+/).find((c) => /^mtk\d+$/.test(c)) ?? ''),
    );
    return [...new Set(classes.filter(Boolean))];
  }

  /** Runs a command from the command palette (F1) by its label. */
  async runCommand(label: string, timeoutMs = 15_000): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: timeoutMs });
    await row.click();
  }

  /** Waits for a notification (a toast, or one in the notification centre) whose text matches; returns its text. */
  async notification(pattern: TextMatch, timeoutMs = 20_000): Promise<string> {
    return waitFor(`notification ${pattern}`, async () => {
      const texts = await this.page.locator('.notification-list-item-message').evaluateAll((els: DomEl[]) => els.map((e) => (e.textContent ?? '').trim()));
      return texts.find((t) => matches(t, pattern));
    }, timeoutMs, 200);
  }

  /** Texts of the status bar's entries. */
  async statusBar(): Promise<string[]> {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').evaluateAll(
      (els: DomEl[]) => els.map((e) => `${(e.textContent ?? '').trim()}${e.getAttribute('aria-label') ? ` [${e.getAttribute('aria-label')}]` : ''}`),
    );
  }

  /**
   * The language status as the user sees it: the pinned status bar entries plus the `{}` entry's
   * accessible label, which lists every language status item. Waits until it matches `pattern`.
   */
  async languageStatus(pattern?: TextMatch, timeoutMs = 30_000): Promise<string> {
    return waitFor(`language status${pattern ? ` with ${pattern}` : ''}`, async () => {
      const text = (await this.statusBar()).join('\n');
      return !pattern || matches(text, pattern) ? text : undefined;
    }, timeoutMs, 200);
  }

  /** Opens the language status popup (clicks the `{}` entry) and returns its text; it stays open. */
  async openLanguageStatus(pattern?: TextMatch, timeoutMs = 10_000): Promise<string> {
    const item = this.page.locator('#workbench\\.parts\\.statusbar [id="status.languageStatus"]').first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    const popup = this.page.locator('.hover-language-status').first();
    return waitFor(`language status popup${pattern ? ` with ${pattern}` : ''}`, async () => {
      if (!(await popup.isVisible())) {
        await item.locator('a').first().click();
        await popup.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
      }
      const root = this.page.locator('.monaco-hover:has(.hover-language-status), .workbench-hover:has(.hover-language-status)').first();
      const text = (await root.count()) ? await root.innerText() : await popup.innerText();
      return !pattern || matches(text, pattern) ? text : undefined;
    }, timeoutMs, 250);
  }

  /**
   * Pins the language status item matching `pattern` to the status bar ("Add to Status Bar" in the
   * popup), so its text shows without a popup (which the window would clip), and waits for it there.
   */
  async pinLanguageStatus(pattern: TextMatch, timeoutMs = 10_000): Promise<string> {
    await this.openLanguageStatus(pattern, timeoutMs);
    const row = this.page.locator('.hover-language-status').filter({ hasText: pattern }).first();
    await row.locator('.codicon-pin').first().click();
    // The popup stays open after a click in it: close it with a click on the empty editor area.
    const popup = this.page.locator('.hover-language-status').first();
    await waitFor('language status popup closed', async () => {
      if (!(await popup.isVisible())) return true;
      const area = await this.editor().boundingBox();
      if (area) await this.page.mouse.click(area.x + area.width - 40, area.y + area.height - 40);
      await this.page.keyboard.press('Escape');
      return false;
    }, timeoutMs, 300);
    return waitFor(`${pattern} pinned in the status bar`, async () => {
      const items = await this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').evaluateAll(
        (els: DomEl[]) => els.map((e) => (e.textContent ?? '').trim()),
      );
      return items.find((t) => matches(t, pattern));
    }, timeoutMs);
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' text. */
  async problems(pattern?: TextMatch, timeoutMs = 20_000): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+M');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: timeoutMs });
    return waitFor(`problems${pattern ? ` with ${pattern}` : ''}`, async () => {
      const rows = await panel.locator('.monaco-list-row').evaluateAll(
        (els: DomEl[]) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()),
      );
      return !pattern || rows.some((r) => matches(r, pattern)) ? rows : undefined;
    }, timeoutMs);
  }

  /** Types text at the cursor like a user. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 15 });
  }

  /** Replaces the code of a 1-based line, keeping its indentation (End, Shift+Home, type). */
  async replaceLine(line: number, text: string): Promise<void> {
    await this.goToLine(line);
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Shift+Home'); // selects back to the first non-blank character
    await this.type(text.trimStart());
  }

  /** The editor's text content as rendered (visible lines only). */
  async visibleText(editor: Locator = this.editor()): Promise<string> {
    // The editor renders spaces as no-break spaces.
    return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  /** Saves a screenshot to test-results/e2e/<name>.png; with `docsName`, also to docs/images. */
  async screenshot(name: string, docsName?: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path });
    if (docsName && process.env.RUNLENS_E2E_DOCS_IMAGES !== '0') {
      const dest = join(repoRoot, 'docs', 'images', docsName);
      mkdirSync(dirname(dest), { recursive: true });
      copyFileSync(path, dest);
    }
    return path;
  }

  /** Writes the page console to test-results/e2e/<name>.console.log. */
  saveConsole(name: string): string {
    mkdirSync(resultsDir, { recursive: true });
    const path = join(resultsDir, `${name}.console.log`);
    writeFileSync(path, this.console.join('\n') + '\n');
    return path;
  }
}
