import type { FieldIssue } from '../../src-shared/contract/error-shape.ts';
import type { ConfigBackupContent } from '../../src-shared/schemas/config-backup.ts';

/**
 * What a schema cannot see in a backup's configuration: ids and names unique the way the database
 * keeps them (model and virtual model names share one namespace: clients put either in `model`),
 * and every reference pointing at something in the same file. Answers one issue per problem, each
 * naming its field (`config.models.3.providerId`); empty when the configuration is whole.
 */
export function checkConfigBackup(config: ConfigBackupContent): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const unique = (
    collection: string,
    records: ReadonlyArray<Record<string, unknown>>,
    field: string,
    seen = new Map<unknown, string>(),
  ) => {
    records.forEach((record, index) => {
      const value = record[field];
      const path = `config.${collection}.${index}.${field}`;
      const first = seen.get(value);
      if (first !== undefined)
        issues.push({ path, message: `${JSON.stringify(value)} is also used by ${first}` });
      else seen.set(value, `config.${collection}.${index}`);
    });
  };
  unique('providers', config.providers, 'id');
  unique('providers', config.providers, 'name');
  unique('models', config.models, 'id');
  unique('virtualModels', config.virtualModels, 'id');
  const modelNames = new Map<unknown, string>();
  unique('models', config.models, 'name', modelNames);
  unique('virtualModels', config.virtualModels, 'name', modelNames);
  unique('virtualKeys', config.virtualKeys, 'id');
  unique('virtualKeys', config.virtualKeys, 'name');
  unique('virtualKeys', config.virtualKeys, 'keyHash');
  unique('healthTargets', config.healthTargets, 'id');
  unique('healthTargets', config.healthTargets, 'name');

  const providerIds = new Set(config.providers.map((provider) => provider.id));
  const modelIds = new Set(config.models.map((model) => model.id));
  const virtualModelIds = new Set(config.virtualModels.map((virtualModel) => virtualModel.id));
  config.models.forEach((model, index) => {
    if (!providerIds.has(model.providerId))
      issues.push({
        path: `config.models.${index}.providerId`,
        message: `no provider with id "${model.providerId}" in the backup`,
      });
  });
  config.virtualModels.forEach((virtualModel, index) => {
    virtualModel.targets.forEach((target, targetIndex) => {
      if (!modelIds.has(target.modelId))
        issues.push({
          path: `config.virtualModels.${index}.targets.${targetIndex}.modelId`,
          message: `no model with id "${target.modelId}" in the backup`,
        });
    });
  });
  config.healthTargets.forEach((target, index) => {
    const known = target.type === 'model' ? modelIds : virtualModelIds;
    if (!known.has(target.targetId))
      issues.push({
        path: `config.healthTargets.${index}.targetId`,
        message: `no ${target.type.replace('-', ' ')} with id "${target.targetId}" in the backup`,
      });
  });
  const monitoringKeys = config.virtualKeys.filter((key) => key.isMonitoring);
  if (monitoringKeys.length > 1)
    issues.push({ path: 'config.virtualKeys', message: 'more than one monitoring key' });
  return issues;
}
