/**
 * Replaces every secret value in a text with `***`, as the runner's log masking does. The
 * runner masks only its log; the job summary, the JSON report and the commit status are
 * written by shipgate and must be cleaned here. A server echoing an Authorization header in
 * an error page must not leak it through a failure detail.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const values = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  // JSON escaping can change how a secret is spelled in the report; mask that spelling too.
  const spellings = [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))];
  const pattern = new RegExp(spellings.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, '***');
}
