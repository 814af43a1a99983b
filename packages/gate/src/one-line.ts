import { CONTROL_CHARACTER } from '@shipgate/core';
import type { GateCheck } from './types';

// A run of whitespace holding at least one control character (newline, CR, ESC, NEL, U+2028…).
const BREAK = new RegExp(`\\s*${CONTROL_CHARACTER.source}(?:\\s|${CONTROL_CHARACTER.source})*`, 'g');

/**
 * `text` on one line: every run of control characters (and the spaces around it) becomes one
 * space. Payload fields (a rollback's reason, a deploy's version) and status descriptions are
 * written by other tools and people; a newline in them would split the `reason` output, start a
 * workflow command in the log ("\n::error …") or break out of a summary paragraph.
 */
export function oneLine(text: string): string {
  return text.replace(BREAK, ' ');
}

/** A check whose detail and evidence are each one line, whatever the records held. */
export function foldCheck(check: GateCheck): GateCheck {
  return {
    ...check,
    detail: oneLine(check.detail),
    evidence: check.evidence.map((item) => ({ ...item, label: oneLine(item.label), text: oneLine(item.text) })),
  };
}
