// The server's settings, resolved into one typed object. initializationOptions.settings come first
// (the fallback); a client that answers workspace/configuration is asked after `initialized` and on
// every workspace/didChangeConfiguration (the pull model), and what it answers goes over the
// fallback, key by key. A client that cannot be asked is read from what it pushes.
import { ConfigurationRequest, type DidChangeConfigurationParams } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, resolveSettings, type RunlensSettings } from '../../../shared/settings';
import type { LspClient } from '../lspClient';

export const SETTINGS_SECTION = 'runlens';

export class Settings {
  private fallback: RunlensSettings = DEFAULT_SETTINGS;
  private value: RunlensSettings = DEFAULT_SETTINGS;
  private canPull = false;

  constructor(
    private readonly client: LspClient,
    private readonly onChange: (before: RunlensSettings, after: RunlensSettings) => void,
  ) {}

  get current(): RunlensSettings {
    return this.value;
  }

  /** From `initialize`: the fallback settings, and whether the client can be asked for settings. */
  initialize(initializationSettings: unknown, canPull: boolean): void {
    this.fallback = resolveSettings(initializationSettings);
    this.value = this.fallback;
    this.canPull = canPull;
  }

  /** Ask the client for the settings (after `initialized`); resolves when they are applied. */
  async pull(): Promise<void> {
    if (!this.canPull) return;
    let answer: unknown;
    try {
      [answer] = await this.client.request(ConfigurationRequest.type, { items: [{ section: SETTINGS_SECTION }] });
    } catch (error) {
      this.client.log('warn', `Could not read the ${SETTINGS_SECTION} settings: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // null: the client has no settings for this section (Neovim, Helix); the fallback stands.
    this.apply(answer === null || answer === undefined ? this.fallback : resolveSettings(answer, this.fallback));
  }

  async didChangeConfiguration(params: DidChangeConfigurationParams): Promise<void> {
    if (this.canPull) return this.pull();
    const pushed: unknown = isRecord(params.settings) ? params.settings[SETTINGS_SECTION] : undefined;
    if (pushed !== undefined) this.apply(resolveSettings(pushed, this.fallback));
  }

  private apply(next: RunlensSettings): void {
    const before = this.value;
    this.value = next;
    if (JSON.stringify(before) !== JSON.stringify(next)) this.onChange(before, next);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
