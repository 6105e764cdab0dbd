import type { AzExtParentTreeItem, GenericTreeItem } from '@microsoft/vscode-azext-utils';
import { RegistryError } from '../../registry/registryErrors';
import { createErrorItem } from '../errorItem';

/** The row a registry's failure shows as: its cause and its fix (for ACR, the role to ask for). */
export function registryRowError(parent: AzExtParentTreeItem, error: unknown): GenericTreeItem {
    if (error instanceof RegistryError) {
        return createErrorItem(parent, 'error', { cause: error.causeText, fix: error.fix, kind: `registry.${error.kind}` });
    }
    return createErrorItem(parent, 'error', { cause: error instanceof Error ? error.message : String(error), kind: 'other' });
}
