// The message catalogues agree with each other and with the code: every language has the same
// keys with the same arguments, every message parses as ICU, every key the code asks for
// exists, and no key is left that nothing asks for.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';

import de from '../messages/de.json';
import en from '../messages/en.json';

import { locales } from './locales';

const root = path.resolve(import.meta.dirname, '..');
const catalogues: Record<(typeof locales)[number], unknown> = { en, de };

type Tree = { [key: string]: string | Tree };

/** Every leaf as `namespace.key.path` -> message. */
function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  if (typeof tree !== 'object' || tree === null) throw new Error(`${prefix || 'catalogue'} is not an object`);
  for (const [key, value] of Object.entries(tree as Tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (key.includes('.')) throw new Error(`key ${full} contains a dot`);
    if (typeof value === 'string') leaves.set(full, value);
    else for (const [leaf, message] of flatten(value, full)) leaves.set(leaf, message);
  }
  return leaves;
}

/** The arguments and tags a message uses: what the code must pass, whatever the language. */
function placeholders(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    switch (element.type) {
      case TYPE.argument:
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        found.add(element.value);
        break;
      case TYPE.select:
      case TYPE.plural:
        found.add(element.value);
        for (const option of Object.values(element.options)) placeholders(option.value, found);
        break;
      case TYPE.tag:
        found.add(`<${element.value}>`);
        placeholders(element.children, found);
        break;
      case TYPE.literal:
      case TYPE.pound:
        break;
    }
  }
  return found;
}

const english = flatten(en);

describe('message catalogues', () => {
  it.each(locales.filter((locale) => locale !== 'en'))('%s has exactly the English keys', (locale) => {
    const other = flatten(catalogues[locale]);
    expect([...other.keys()].filter((key) => !english.has(key)), `keys only in ${locale}`).toEqual([]);
    expect([...english.keys()].filter((key) => !other.has(key)), `keys missing from ${locale}`).toEqual([]);
  });

  it.each(locales)('every %s message is non-empty ICU with the English arguments', (locale) => {
    const problems: string[] = [];
    for (const [key, message] of flatten(catalogues[locale])) {
      if (!message.trim()) {
        problems.push(`${key}: empty`);
        continue;
      }
      let elements: MessageFormatElement[];
      try {
        elements = parse(message, { requiresOtherClause: true });
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message}`);
        continue;
      }
      const reference = english.get(key);
      if (reference === undefined) continue;
      const expected = [...placeholders(parse(reference))].sort();
      const actual = [...placeholders(elements)].sort();
      if (expected.join() !== actual.join()) problems.push(`${key}: uses {${actual.join(', ')}}, English uses {${expected.join(', ')}}`);
    }
    expect(problems).toEqual([]);
  });
});

// --- The code's side: which keys are asked for -------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|\.d\.ts$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

const scanned = ['app', 'components', 'lib', 'i18n'].flatMap(sourceFiles);

// `const t = useTranslations('ns')`, `const t = await getTranslations('ns')` or
// `getTranslations({ locale, namespace: 'ns' })`; the namespace may be omitted (whole catalogue).
const BINDING =
  /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:'([\w.]+)'|\{[^}]*?namespace:\s*'([\w.]+)'[^}]*\})?\s*\)/g;
const TRANSLATOR_FACTORY = /\b(?:useTranslations|getTranslations)\(/g;

type Usage = { file: string; pattern: string; regex: RegExp };

// Keys that domain code names for the form layer to translate (i18n/user-messages.ts):
// `userMessage('key', …)` is errors.key, `validationMessage('key')` is validation.key.
const MESSAGE_KEY = /\b(userMessage|validationMessage)\(\s*'([^']+)'/g;
const MESSAGE_NAMESPACE = { userMessage: 'errors', validationMessage: 'validation' } as const;

/** Each key the code asks for, as a pattern: `${…}` in a template key stands for any segment(s). */
function usages(): { found: Usage[]; unscannable: string[] } {
  const found: Usage[] = [];
  const unscannable: string[] = [];
  for (const file of scanned) {
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const match of source.matchAll(MESSAGE_KEY)) {
      const pattern = `${MESSAGE_NAMESPACE[match[1] as keyof typeof MESSAGE_NAMESPACE]}.${match[2]}`;
      found.push({ file, pattern, regex: new RegExp(`^${pattern.replace(/\./g, '\\.')}$`) });
    }
    const bindings = [...source.matchAll(BINDING)];
    const factories = [...source.matchAll(TRANSLATOR_FACTORY)].length;
    // A translator this scan cannot follow would leave its keys unchecked.
    if (factories !== bindings.length) unscannable.push(`${file}: ${factories - bindings.length} translator(s) not bound as \`const t = …('namespace')\``);
    // A call belongs to the closest binding of its name above it (functions in one file often
    // each bind their own `t`); a call above every binding, to the first one (a helper above
    // the component that passes it its translator).
    for (const name of new Set(bindings.map((binding) => binding[1] ?? ''))) {
      const ofName = bindings.filter((binding) => binding[1] === name);
      const call = new RegExp(`\\b${name}(?:\\.(?:rich|markup|raw|has))?\\(\\s*(?:'([^']+)'|\`([^\`]+)\`)`, 'g');
      for (const match of source.matchAll(call)) {
        const binding = ofName.filter((candidate) => candidate.index < match.index).at(-1) ?? ofName[0];
        if (!binding || binding.index === match.index) continue;
        const namespace = binding[2] ?? binding[3];
        const key = match[1] ?? match[2] ?? '';
        const pattern = namespace ? `${namespace}.${key}` : key;
        const regex = new RegExp(
          `^${pattern
            .split(/\$\{[^}]*\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[\\w.]+')}$`,
        );
        found.push({ file, pattern, regex });
      }
    }
  }
  return { found, unscannable };
}

describe('keys in the code', () => {
  const { found, unscannable } = usages();
  const keys = [...english.keys()];

  it('finds the translations it scans for (the scan itself works)', () => {
    expect(found.length).toBeGreaterThan(10);
    expect(unscannable).toEqual([]);
  });

  it('asks only for keys that exist', () => {
    const missing = found.filter((usage) => !keys.some((key) => usage.regex.test(key)));
    expect(missing.map((usage) => `${usage.file}: ${usage.pattern}`)).toEqual([]);
  });

  it('leaves no key unused', () => {
    const unused = keys.filter((key) => !found.some((usage) => usage.regex.test(key)));
    expect(unused).toEqual([]);
  });
});
