import type { UserInfo } from "@kr8s/core";
import { goSlice } from "./go-format.ts";
import { formatTable } from "./table.ts";

/** `kubectl auth whoami`'s table: Username, UID, Groups, then each Extra key in order. */
export function formatWhoami(user: UserInfo): string {
  const rows: string[][] = [["ATTRIBUTE", "VALUE"]];
  if (user.username) rows.push(["Username", user.username]);
  if (user.uid) rows.push(["UID", user.uid]);
  if (user.groups.length > 0) rows.push(["Groups", goSlice(user.groups)]);
  for (const key of Object.keys(user.extra ?? {}).sort())
    rows.push([`Extra: ${key}`, goSlice(user.extra?.[key] ?? [])]);
  return formatTable(rows);
}
