// What a reference does with a flag: the server finds them, the client shows them.

/**
 * What a reference does with the flag. `definition` is the YAML `name:`;
 * the rest follow the reference forms in the domain doc, section 2.
 */
export type ReferenceKind =
  | 'definition' // name: in config/feature_flags/<type>/<name>.yml
  | 'check' // Feature.enabled? / Feature.disabled?
  | 'push' // push_frontend_feature_flag / push_force_frontend_feature_flag
  | 'option' // feature_flag: :x on workers and GraphQL fields, limit_feature_flag = :x
  | 'toggle' // Feature.enable / disable / remove / enable_percentage_of_*
  | 'stub' // stub_feature_flags(x: ...), Jest provide glFeatures, gon.features = {...}
  | 'matcher' // have_pushed_frontend_feature_flags(x: ...)
  | 'frontend' // gon.features.x, glFeatures.x
  | 'qa' // QA feature_flag: { name: 'x' } metadata and Runtime::Feature
  | 'constant' // X_FEATURE_FLAG = :x
  | 'route' // ::Constraints::FeatureConstrainer.new(:x)
  | 'gon'; // push_to_gon_attributes(:features, :x, value), gon.push({ features: { x: value } }): pushed without a flag check
