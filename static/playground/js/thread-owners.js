/**
 * Which process each thread belongs to, read from the scenario: a process's
 * main thread bears the process's name (CONTRACT.md), and a spawned thread
 * belongs to the process whose program (or whose thread's program) spawns it.
 */

/** Map thread name -> process name, in scenario order (processes, then their threads depth first). */
export function threadOwners(scenario) {
  const owners = new Map();
  const walk = (program, process) => {
    for (const op of Array.isArray(program) ? program : []) {
      if (op && op.op === "spawn" && typeof op.thread === "string") {
        if (!owners.has(op.thread)) owners.set(op.thread, process);
        walk(op.program, process);
      }
    }
  };
  for (const proc of scenario && Array.isArray(scenario.processes) ? scenario.processes : []) {
    if (!proc || typeof proc.name !== "string") continue;
    owners.set(proc.name, proc.name);
    walk(proc.program, proc.name);
  }
  return owners;
}

/** The process of thread `name` (a name the scenario does not list is taken as its own process). */
export function ownerOf(owners, name) {
  return owners.get(name) ?? name;
}

/** Does any program in the scenario (spawned threads included) use one of the ops in `kinds`? */
export function programUses(program, kinds) {
  return Array.isArray(program) && program.some((op) =>
    op && (kinds.includes(op.op) || (op.op === "spawn" && programUses(op.program, kinds))));
}
