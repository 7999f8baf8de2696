/**
 * apimachinery's `labels.FormatLabels` (`Set.String`): the `key=value` pairs sorted as strings, so
 * `app-tier=x` comes before `app=web` (`-` sorts before `=`), joined by commas; `<none>` when empty. kubectl
 * prints labels this way in `get --show-labels` and in describers' one-line label maps (a service's
 * selector).
 */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([key, value]) => `${key}=${value}`);
  // Go compares bytes; label keys and values are ASCII, where UTF-16 code units agree.
  return pairs.length === 0 ? "<none>" : pairs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(",");
}
