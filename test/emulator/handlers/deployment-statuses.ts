import type { Handler } from '../handler';
import { notFound, validationFailed } from '../http-error';
import { pageHeaders, paginate } from '../pagination';
import * as represent from '../representations';
import { optionalBoolean, optionalString, requiredEnum } from '../request-body';
import { DEPLOYMENT_STATES } from '../store';
import type { DeploymentRecord, DeploymentState, DeploymentStatusRecord, Store } from '../store';
import { findDeploymentOrFail } from './deployments';

/** GitHub caps deployment status descriptions (and shipgate's canary line must fit). */
export const MAX_DESCRIPTION_LENGTH = 140;

export interface DeploymentStatusFields {
  state: DeploymentState;
  description?: string;
  environment?: string;
  environmentUrl?: string;
  logUrl?: string;
  createdAt?: string;
}

/**
 * Appends a status the way GitHub does: a status may move the deployment to another
 * environment, and the deployment's updated_at follows its newest status.
 */
export function appendDeploymentStatus(
  store: Store,
  deployment: DeploymentRecord,
  fields: DeploymentStatusFields,
): DeploymentStatusRecord {
  const createdAt = fields.createdAt ?? store.now();
  if (fields.environment !== undefined) deployment.environment = fields.environment;
  const record: DeploymentStatusRecord = {
    id: store.nextId(),
    deploymentId: deployment.id,
    state: fields.state,
    description: fields.description ?? '',
    environment: deployment.environment,
    environmentUrl: fields.environmentUrl ?? '',
    logUrl: fields.logUrl ?? '',
    createdAt,
    updatedAt: createdAt,
  };
  store.addDeploymentStatus(record);
  if (createdAt > deployment.updatedAt) deployment.updatedAt = createdAt;
  return record;
}

/** POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses */
export const createDeploymentStatus: Handler = ({ store, urls, repo, params, body }) => {
  const deployment = findDeploymentOrFail(store, repo, params['deployment_id']);
  const state = requiredEnum(body, 'state', DEPLOYMENT_STATES);
  const description = optionalString(body, 'description');
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw validationFailed('DeploymentStatus', 'description', 'custom', 'description is too long (maximum is 140 characters)');
  }
  const autoInactive = optionalBoolean(body, 'auto_inactive') ?? true;
  const record = appendDeploymentStatus(store, deployment, {
    state,
    description,
    environment: optionalString(body, 'environment'),
    environmentUrl: optionalString(body, 'environment_url'),
    // target_url is the deprecated spelling of log_url; GitHub still accepts it.
    logUrl: optionalString(body, 'log_url') ?? optionalString(body, 'target_url'),
  });
  if (state === 'success' && autoInactive) deactivatePriorDeployments(store, deployment);
  return { status: 201, body: represent.deploymentStatus(urls, deployment, record) };
};

/**
 * auto_inactive, as GitHub documents it: every earlier non-transient, non-production
 * deployment of the same repository and environment whose latest status is `success`
 * gets a new `inactive` status.
 */
function deactivatePriorDeployments(store: Store, current: DeploymentRecord): void {
  const isEarlier = (other: DeploymentRecord) =>
    other.createdAt < current.createdAt || (other.createdAt === current.createdAt && other.id < current.id);
  for (const other of store.deploymentsOf(current.repo)) {
    if (other.id === current.id || other.environment !== current.environment || !isEarlier(other)) continue;
    if (other.transientEnvironment || other.productionEnvironment) continue;
    if (store.latestStatusOf(other.id)?.state !== 'success') continue;
    appendDeploymentStatus(store, other, { state: 'inactive' });
  }
}

/** GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses */
export const listDeploymentStatuses: Handler = ({ store, urls, repo, params, url }) => {
  const deployment = findDeploymentOrFail(store, repo, params['deployment_id']);
  const page = paginate(store.statusesOf(deployment.id), url);
  return {
    status: 200,
    body: page.items.map((record) => represent.deploymentStatus(urls, deployment, record)),
    headers: pageHeaders(page),
  };
};

/** GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id} */
export const getDeploymentStatus: Handler = ({ store, urls, repo, params }) => {
  const deployment = findDeploymentOrFail(store, repo, params['deployment_id']);
  const record = store.statusesOf(deployment.id).find((status) => String(status.id) === params['status_id']);
  if (record === undefined) throw notFound();
  return { status: 200, body: represent.deploymentStatus(urls, deployment, record) };
};
