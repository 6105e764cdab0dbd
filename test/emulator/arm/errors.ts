/**
 * ARM error bodies: `{"error":{"code","message","target?","details?"}}` (RPC common-api-details,
 * "Error Response Content"). Codes and messages follow what real ARM sends where it is on record
 * (test/emulator/contract/NOTES.md (c)); the rest are marked "approximate" below.
 */
import type { JsonObject } from '../util';

export interface ArmErrorDetail { code: string; message: string; target?: string }

export class ArmError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly target?: string,
        readonly details?: ArmErrorDetail[],
        readonly headers: Record<string, string> = {},
    ) {
        super(message);
    }

    body(): JsonObject {
        const error: JsonObject = { code: this.code, message: this.message };
        if (this.target !== undefined) {
            error.target = this.target;
        }
        if (this.details?.length) {
            error.details = this.details.map((d) => ({ ...d }));
        }
        return { error };
    }
}

const notFoundHelp = 'For more details please go to https://aka.ms/ARMResourceNotFoundFix';

export const armErrors = {
    /** `typedName` as in the id: Microsoft.Compute/virtualMachines/vm1[/extensions/ext1]. */
    resourceNotFound: (typedName: string, resourceGroup: string) =>
        new ArmError(404, 'ResourceNotFound',
            `The Resource '${typedName}' under resource group '${resourceGroup}' was not found. ${notFoundHelp}`),
    resourceGroupNotFound: (resourceGroup: string) =>
        new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`),
    subscriptionNotFound: (subscriptionId: string) =>
        new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),
    parentResourceNotFound: (parentType: string, parentName: string) =>
        new ArmError(404, 'ParentResourceNotFound',
            `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.`,
            undefined, [{ code: 'ParentResourceNotFound', message: `${parentType} '${parentName}' not found.` }]),
    invalidResourceReference: (referenced: string, by: string) =>
        new ArmError(400, 'InvalidResourceReference',
            `Resource ${referenced} referenced by resource ${by} was not found. Please make sure that the ` +
            'referenced resource exists, and that both resources are in the same region.'),
    referencedNotProvisioned: (referenced: string, by: string, state: string) =>
        new ArmError(400, 'ReferencedResourceNotProvisioned',
            `Cannot proceed with operation because resource ${referenced} used by resource ${by} is not in ` +
            `Succeeded state. Resource is in ${state} state.`),
    locationRequired: () =>
        new ArmError(400, 'LocationRequired', 'The location property is required for this definition.'),
    locationNotAvailable: (location: string, type: string, available: string[]) =>
        new ArmError(400, 'LocationNotAvailableForResourceType',
            `The provided location '${location}' is not available for resource type '${type}'. ` +
            `List of available regions for the resource type is '${available.join(',')}'.`),
    invalidParameter: (message: string, target?: string) => new ArmError(400, 'InvalidParameter', message, target),
    missingApiVersion: () =>
        new ArmError(400, 'MissingApiVersionParameter',
            "The api-version query parameter (?api-version=) is required for all requests."),
    invalidRequestContent: (message: string) => new ArmError(400, 'InvalidRequestContent', message),
    /** Approximate: real services differ per resource provider. */
    conflict: (message: string) => new ArmError(409, 'Conflict', message),
    anotherOperationInProgress: (id: string) =>
        new ArmError(409, 'AnotherOperationInProgress',
            `Another operation on this or dependent resource is in progress. Resource: ${id}.`),
    operationNotAllowed: (message: string) => new ArmError(409, 'OperationNotAllowed', message),
    /** Approximate wording: a PUT with `If-None-Match: *` on a resource that exists. */
    preconditionFailed: (id: string) =>
        new ArmError(412, 'PreconditionFailed', `The resource '${id}' already exists, and the request's If-None-Match header allows only its creation.`),
    notImplemented: (method: string, path: string) =>
        new ArmError(501, 'NotImplementedInEmulator', `The Azure emulator does not implement ${method} ${path}.`),
};
