import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { registryContext, RegistryItem } from '../../tree/registry/RegistryItem';
import { registryTagContext, RegistryTagItem } from '../../tree/registry/RegistryTagItem';
import type { Services } from '../services';

/** The tag row a command runs on, or one picked in the Registries view's quick picks (from the palette). */
export async function pickTag(context: IActionContext, services: Services, node?: AzExtTreeItem, kind = /.*/): Promise<RegistryTagItem> {
    if (node instanceof RegistryTagItem) {
        return node;
    }
    return services.registriesTree.showTreeItemPicker<RegistryTagItem>(new RegExp(`^${registryTagContext};kind=${kind.source}$`), context);
}

/** The registry row a command runs on, or one picked. */
export async function pickRegistry(context: IActionContext, services: Services, node?: AzExtTreeItem, kind = /.*/): Promise<RegistryItem> {
    if (node instanceof RegistryItem) {
        return node;
    }
    return services.registriesTree.showTreeItemPicker<RegistryItem>(new RegExp(`^${registryContext};kind=${kind.source}$`), context);
}

