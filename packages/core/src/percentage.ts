/**
 * Parses `0.5%` (→ 0.005) or a plain fraction `0.005`. A bare number above 1 is refused rather
 * than guessed: `5` could mean 5 % or 500 %, and a wrong guess silently disables a gate.
 */
export function parsePercentage(text: string): number | undefined {
  const value = text.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(value);
  if (percent) {
    const fraction = Number(percent[1]) / 100;
    return fraction <= 1 ? fraction : undefined;
  }
  if (/^\d+(?:\.\d+)?$/.test(value)) {
    const fraction = Number(value);
    return fraction <= 1 ? fraction : undefined;
  }
  return undefined;
}

/** 0.005 → `0.5%`, 0.000123 → `0.0123%` (keeps three significant digits). */
export function formatPercentage(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0) return '0%';
  return `${Number(percent.toPrecision(3))}%`;
}
