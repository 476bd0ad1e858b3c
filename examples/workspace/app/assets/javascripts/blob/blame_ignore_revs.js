export const blameIgnoreRevsEnabled = () => Boolean(gon.features?.blameIgnoreRevs);

export const contextEnabled = () => window.gon?.features?.codeSuggestionsContext === true;

export const notPushed = () => gon.features.notPushedFlag;

export function readFlag(name) {
  return gon.features?.[name];
}
