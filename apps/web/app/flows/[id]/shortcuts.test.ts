import { describe, expect, it } from 'vitest';
import { comboLabel, SHORTCUTS, shortcutFor } from './shortcuts.ts';

function key(key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean; code?: string } = {}) {
  return { key, code: mods.code ?? '', ctrlKey: mods.ctrl ?? false, metaKey: mods.meta ?? false, shiftKey: mods.shift ?? false, altKey: mods.alt ?? false };
}

describe('shortcutFor', () => {
  it.each([
    [key('z', { ctrl: true }), 'undo'],
    [key('z', { meta: true }), 'undo'],
    [key('Z', { ctrl: true, shift: true }), 'redo'],
    [key('y', { ctrl: true }), 'redo'],
    [key('a', { ctrl: true }), 'selectAll'],
    [key('c', { meta: true }), 'copy'],
    [key('x', { ctrl: true }), 'cut'],
    [key('v', { ctrl: true }), 'paste'],
    [key('d', { ctrl: true }), 'duplicate'],
    [key('Delete'), 'delete'],
    [key('Backspace'), 'delete'],
    [key('!', { shift: true, code: 'Digit1' }), 'fitView'],
    [key('f'), 'fitView'],
    [key('L', { shift: true }), 'autoLayout'],
    [key('Escape'), 'clearSelection'],
    [key('?', { shift: true, code: 'Slash' }), 'help'],
  ])('%o runs %s', (event, action) => {
    expect(shortcutFor(event)?.action).toBe(action);
  });

  it.each([key('z'), key('l'), key('f', { ctrl: true }), key('z', { ctrl: true, alt: true }), key('1'), key('Delete', { ctrl: true })])('%o runs nothing', (event) => {
    expect(shortcutFor(event)).toBeUndefined();
  });

  it('has no key combination twice', () => {
    const labels = SHORTCUTS.flatMap((shortcut) => shortcut.combos.map((combo) => comboLabel(combo, false)));
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe('comboLabel', () => {
  it('names keys the way the platform does', () => {
    expect(comboLabel({ key: 'z', mod: true, shift: true }, false)).toBe('Ctrl+Shift+Z');
    expect(comboLabel({ key: 'z', mod: true }, true)).toBe('⌘+Z');
    expect(comboLabel({ key: 'Escape' }, false)).toBe('Esc');
    expect(comboLabel({ key: '?' }, false)).toBe('?');
  });
});
