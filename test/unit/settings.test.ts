// package.json against the code: every setting in shared/settings.ts DEFAULT_SETTINGS is
// contributed as runlens.* with the same default, a description and a scope (and nothing else
// is); numeric settings have the bounds of shared/limits.ts; restricted settings match; every contributed command is one the client registers (and
// every server command has a client wrapper); menus, languages and grammars point at real things.
// The checks return their problems, so the last tests can show that a broken manifest fails.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { CLIENT_COMMANDS, COMMAND_CATEGORY, WRAPPED_SERVER_COMMANDS } from '../../client/src/commandIds';
import { COMMANDS } from '../../shared/commands';
import { USER_LIMITS } from '../../shared/limits';
import { DEFAULT_SETTINGS, NUMERIC_SETTINGS, RESTRICTED_SETTINGS, resolveSettings } from '../../shared/settings';

/** The repository root: the nearest folder up with the runlens package.json (works from test/ and out/test/). */
function findRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'runlens') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no runlens package.json above ${__dirname}`);
    dir = up;
  }
}

const ROOT = findRoot();
type Json = Record<string, any>;
const manifest = (): Json => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Json;

/** DEFAULT_SETTINGS flattened to configuration keys: inlayHints.values → runlens.inlayHints.values. */
function flatDefaults(): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    const nestedSection = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'boolean') && Object.keys(value).length > 0;
    if (nestedSection) for (const [sub, v] of Object.entries(value)) flat.set(`runlens.${key}.${sub}`, v);
    else flat.set(`runlens.${key}`, value);
  }
  return flat;
}

function configurationProperties(pkg: Json): Record<string, Json> {
  const configuration = pkg.contributes?.configuration;
  const sections: Json[] = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return Object.assign({}, ...sections.map((s) => s.properties ?? {}));
}

const SCOPES = new Set(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable']);

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value === 'number' ? 'number' : typeof value;
}

export function settingProblems(pkg: Json): string[] {
  const problems: string[] = [];
  const properties = configurationProperties(pkg);
  const defaults = flatDefaults();
  for (const [key, value] of defaults) {
    const property = properties[key];
    if (!property) {
      problems.push(`${key}: missing from contributes.configuration`);
      continue;
    }
    try {
      assert.deepStrictEqual(property.default, value);
    } catch {
      problems.push(`${key}: default ${JSON.stringify(property.default)} in package.json, ${JSON.stringify(value)} in shared/settings.ts`);
    }
    const types = Array.isArray(property.type) ? property.type : [property.type];
    const expected = jsonType(value);
    if (!types.includes(expected) && !(expected === 'number' && types.includes('integer'))) problems.push(`${key}: type ${JSON.stringify(property.type)}, default is a ${expected}`);
    const description = property.markdownDescription ?? property.description;
    if (typeof description !== 'string' || description.trim().length < 10) problems.push(`${key}: no description`);
    if (!SCOPES.has(property.scope)) problems.push(`${key}: scope ${JSON.stringify(property.scope)} is not a valid scope`);
    if (Array.isArray(property.enum) && !property.enum.includes(value)) problems.push(`${key}: default is not in its enum`);
    if (Array.isArray(property.enumDescriptions) && property.enumDescriptions.length !== property.enum?.length) problems.push(`${key}: enumDescriptions and enum differ in length`);
  }
  for (const key of Object.keys(properties)) {
    if (!defaults.has(key)) problems.push(`${key}: contributed but not in DEFAULT_SETTINGS`);
  }
  if (properties['runlens.pythonPath']?.scope !== 'machine-overridable') problems.push('runlens.pythonPath: scope must be machine-overridable');
  for (const name of NUMERIC_SETTINGS) {
    const property = properties[`runlens.${name}`];
    const limit = USER_LIMITS[name];
    if (!property) continue;
    if (property.minimum !== limit.min) problems.push(`runlens.${name}: minimum ${JSON.stringify(property.minimum)} in package.json, ${limit.min} in shared/limits.ts`);
    if (property.maximum !== limit.max) problems.push(`runlens.${name}: maximum ${JSON.stringify(property.maximum)} in package.json, ${limit.max} in shared/limits.ts`);
  }

  const restricted: unknown = pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations;
  const expectedRestricted = RESTRICTED_SETTINGS.map((k) => `runlens.${k}`).sort();
  if (pkg.capabilities?.untrustedWorkspaces?.supported !== 'limited') problems.push('capabilities.untrustedWorkspaces.supported must be "limited"');
  if (!Array.isArray(restricted) || JSON.stringify([...restricted].sort()) !== JSON.stringify(expectedRestricted)) {
    problems.push(`restrictedConfigurations ${JSON.stringify(restricted)} differ from RESTRICTED_SETTINGS ${JSON.stringify(expectedRestricted)}`);
  }
  return problems;
}

export function commandProblems(pkg: Json): string[] {
  const problems: string[] = [];
  const contributed: Json[] = pkg.contributes?.commands ?? [];
  const ids = new Set(contributed.map((c) => c.command as string));
  const registered = new Set<string>([...Object.keys(CLIENT_COMMANDS), ...WRAPPED_SERVER_COMMANDS]);
  for (const c of contributed) {
    const expectedTitle = (CLIENT_COMMANDS as Record<string, string>)[c.command];
    if (!expectedTitle) problems.push(`${c.command}: contributed but not registered by the client (client/src/commandIds.ts)`);
    else if (c.title !== expectedTitle) problems.push(`${c.command}: title "${c.title}", commandIds.ts says "${expectedTitle}"`);
    if (c.category !== COMMAND_CATEGORY) problems.push(`${c.command}: category ${JSON.stringify(c.category)}, expected "${COMMAND_CATEGORY}"`);
  }
  if (ids.size !== contributed.length) problems.push('a command is contributed twice');
  for (const id of Object.keys(CLIENT_COMMANDS)) if (!ids.has(id)) problems.push(`${id}: registered but not contributed`);
  for (const id of Object.values(COMMANDS)) if (!registered.has(id)) problems.push(`${id}: a server command without a client wrapper`);
  for (const [menu, items] of Object.entries<Json[]>(pkg.contributes?.menus ?? {})) {
    for (const item of items) if (item.command && !ids.has(item.command)) problems.push(`menus.${menu}: ${item.command} is not a contributed command`);
  }
  return problems;
}

export function languageProblems(pkg: Json): string[] {
  const problems: string[] = [];
  const languages: Json[] = pkg.contributes?.languages ?? [];
  const languageIds = new Set(languages.map((l) => l.id as string));
  for (const id of ['runlens-output', 'runlens-trace']) if (!languageIds.has(id)) problems.push(`language ${id} not contributed`);
  for (const language of languages) {
    if (language.configuration && !existsSync(join(ROOT, language.configuration))) problems.push(`${language.id}: ${language.configuration} missing`);
  }
  const grammars: Json[] = pkg.contributes?.grammars ?? [];
  for (const id of languageIds) if (!grammars.some((g) => g.language === id)) problems.push(`language ${id} has no grammar`);
  for (const grammar of grammars) {
    const file = join(ROOT, grammar.path);
    if (!existsSync(file)) {
      problems.push(`${grammar.path} missing`);
      continue;
    }
    const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
    if (json.scopeName !== grammar.scopeName) problems.push(`${grammar.path}: scopeName ${json.scopeName}, package.json says ${grammar.scopeName}`);
    if (grammar.language && !languageIds.has(grammar.language)) problems.push(`${grammar.path}: language ${grammar.language} not contributed`);
  }
  if (!(pkg.activationEvents ?? []).includes('onLanguage:python')) problems.push('activationEvents lacks onLanguage:python');
  if (!pkg.icon || !existsSync(join(ROOT, pkg.icon))) problems.push(`icon ${pkg.icon} missing`);
  return problems;
}

describe('package.json contributes', () => {
  test('every DEFAULT_SETTINGS entry is a runlens.* setting with the same default, a description and a scope', () => {
    assert.deepEqual(settingProblems(manifest()), []);
  });

  test('every contributed command is registered by the client, and every server command is wrapped', () => {
    assert.deepEqual(commandProblems(manifest()), []);
  });

  test('languages, grammars, activation and icon point at real files', () => {
    assert.deepEqual(languageProblems(manifest()), []);
  });

  test('the icon is a 128×128 PNG', () => {
    const png = readFileSync(join(ROOT, manifest().icon));
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
  });
});

describe('the checks fail on a broken manifest', () => {
  test('a changed default, a missing setting, a missing description and an extra setting are reported', () => {
    const pkg = manifest();
    const props: Record<string, Json> = pkg.contributes.configuration.properties;
    props['runlens.timeoutMs']!.default = 1;
    delete props['runlens.samples'];
    delete props['runlens.hover.enabled']!.markdownDescription;
    delete props['runlens.hover.enabled']!.description;
    props['runlens.bogus'] = { type: 'string', default: '', description: 'Not a real setting.', scope: 'resource' };
    props['runlens.cwd']!.scope = 'everywhere';
    const problems = settingProblems(pkg).join('\n');
    assert.match(problems, /runlens\.timeoutMs: default 1/);
    assert.match(problems, /runlens\.samples: missing/);
    assert.match(problems, /runlens\.hover\.enabled: no description/);
    assert.match(problems, /runlens\.bogus: contributed but not in DEFAULT_SETTINGS/);
    assert.match(problems, /runlens\.cwd: scope "everywhere"/);
  });

  test('bounds that differ from the limits table are reported', () => {
    const pkg = manifest();
    const props: Record<string, Json> = pkg.contributes.configuration.properties;
    props['runlens.timeoutMs']!.maximum = 3_600_000;
    delete props['runlens.samples']!.minimum;
    const problems = settingProblems(pkg).join('\n');
    assert.match(problems, /runlens\.timeoutMs: maximum 3600000 in package\.json, 600000/);
    assert.match(problems, /runlens\.samples: minimum undefined in package\.json, 1/);
  });

  test('an unregistered command and a dropped restricted setting are reported', () => {
    const pkg = manifest();
    pkg.contributes.commands.push({ command: 'runlens.nothing', title: 'Nothing', category: 'Runlens' });
    pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.pop();
    assert.match(commandProblems(pkg).join('\n'), /runlens\.nothing: contributed but not registered/);
    assert.match(settingProblems(pkg).join('\n'), /restrictedConfigurations/);
  });
});

describe('resolving settings', () => {
  test('numbers are clamped into the bounds of the limits table; malformed values keep the base', () => {
    const resolved = resolveSettings({ timeoutMs: 86_400_000, samples: 0, memoryMb: 'lots', debounceMs: -5, maxOutputKb: 2.6 });
    assert.equal(resolved.timeoutMs, USER_LIMITS.timeoutMs.max, 'at most 10 minutes');
    assert.equal(resolved.samples, USER_LIMITS.samples.min);
    assert.equal(resolved.memoryMb, DEFAULT_SETTINGS.memoryMb);
    assert.equal(resolved.debounceMs, 0);
    assert.equal(resolved.maxOutputKb, 3);
  });

  test('a partial object goes over its base, key by key and inside sections', () => {
    const base = resolveSettings({ runOn: 'save', timeoutMs: 1000, inlayHints: { loops: false } });
    const resolved = resolveSettings({ timeoutMs: 2000, runOn: 'sometimes', inlayHints: { values: false } }, base);
    assert.equal(resolved.timeoutMs, 2000);
    assert.equal(resolved.runOn, 'save', 'an invalid runOn keeps the base');
    assert.deepEqual(resolved.inlayHints, { values: false, loops: false, returns: true, exceptions: true });
    assert.deepEqual(resolveSettings(undefined), DEFAULT_SETTINGS);
  });
});
