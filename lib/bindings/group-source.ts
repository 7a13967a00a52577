/**
 * Where the group that an experience uses came from, in the order lib/bindings/resolve-group.ts tries them.
 * `binding` is the inherited binding (the operator's default group recorded when the experience was created).
 * Kept free of imports: the database enum and the dashboard read it too.
 */
export const GROUP_SOURCES = ['override', 'operator_default', 'binding', 'none'] as const;
export type GroupSource = (typeof GROUP_SOURCES)[number];
