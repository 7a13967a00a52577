import { readdirSync, readFileSync } from 'node:fs';

/** Every live descendant of a process, found through /proc (children may lead their own process groups). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      // "pid (comm) state ppid …": comm may contain spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Resident memory (MB) of a process and all its descendants; null when the process is gone. */
export function treeRssMb(rootPid: number): number | null {
  let kb = 0;
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      if (pid === rootPid) return null;
    }
  }
  return Math.round(kb / 1024);
}

/**
 * Proportional memory (MB) of a process tree: each shared page counted once across the tree (PSS, from
 * /proc/PID/smaps_rollup). Summing RSS over Chromium's processes counts its shared pages once per process and
 * overstates it several times. Falls back to RSS where smaps_rollup is unreadable; null when the root is gone.
 */
export function treePssMb(rootPid: number): number | null {
  let kb = 0;
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    try {
      const pss = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
      kb += Number(pss ?? /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      if (pid === rootPid) return null;
    }
  }
  return Math.round(kb / 1024);
}
