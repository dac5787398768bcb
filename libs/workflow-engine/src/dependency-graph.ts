import type { ChainDefinition } from './chain-definition';

/** Step key → the keys it depends on (only keys that exist). */
export type DependencyGraph = Map<string, string[]>;

export function dependencyGraph(definition: ChainDefinition): DependencyGraph {
  const keys = new Set(definition.steps.map((step) => step.key));
  return new Map(
    definition.steps.map((step) => [
      step.key,
      (step.dependsOn ?? []).filter((dependency) => keys.has(dependency)),
    ]),
  );
}

/** Every step `key` depends on, directly or transitively (cycle-safe; a cycle includes `key`). */
export function ancestorsOf(graph: DependencyGraph, key: string): Set<string> {
  return reachable(key, (node) => graph.get(node) ?? []);
}

/** Every step that depends on `key`, directly or transitively (`key` itself excluded). */
export function downstreamOf(graph: DependencyGraph, key: string): Set<string> {
  const dependants = new Map<string, string[]>();
  for (const [node, dependencies] of graph) {
    for (const dependency of dependencies) {
      dependants.set(dependency, [...(dependants.get(dependency) ?? []), node]);
    }
  }
  const found = reachable(key, (node) => dependants.get(node) ?? []);
  found.delete(key);
  return found;
}

function reachable(start: string, next: (node: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...next(start)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...next(node));
  }
  return seen;
}

/**
 * The dependency cycles found by a depth-first search, each as the keys in dependency order
 * (each step depends on the next; the last depends on the first), rotated to start at the
 * earliest step in `order`, without duplicates.
 */
export function findCycles(graph: DependencyGraph, order: string[]): string[][] {
  const position = new Map(order.map((key, index) => [key, index]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const cycles = new Map<string, string[]>();

  const visit = (node: string): void => {
    state.set(node, 'visiting');
    path.push(node);
    for (const dependency of graph.get(node) ?? []) {
      const seen = state.get(dependency);
      if (seen === 'visiting') {
        const cycle = path.slice(path.indexOf(dependency));
        const start = cycle.reduce(
          (best, key, index) =>
            (position.get(key) ?? 0) < (position.get(cycle[best]) ?? 0) ? index : best,
          0,
        );
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join('\u0000'), rotated);
      } else if (seen === undefined) {
        visit(dependency);
      }
    }
    path.pop();
    state.set(node, 'done');
  };

  for (const key of order) {
    if (!state.has(key)) visit(key);
  }
  return [...cycles.values()];
}
