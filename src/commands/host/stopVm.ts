import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { runPowerAction } from './runPowerAction';
import type { Services } from '../services';

export function stopVmCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    return runPowerAction(context, services, 'deallocate', node);
}
