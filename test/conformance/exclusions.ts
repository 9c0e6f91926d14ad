// Conformance items that cannot pass, by data set and id, each with the reason. Nothing else is
// skipped. See ../shared/conformance/README.md for what each data set records.
export const EXCLUDED: Record<string, Record<string, string>> = {
  cruxeval: {},
  coconut: {},
  codemind: {},
  avatar: {},
  settrace: {},
};
