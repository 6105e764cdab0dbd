/**
 * Microsoft.DevTestLab/schedules (2018-09-15), as the portal's VM Auto-shutdown uses them: one
 * `shutdown-computevm-<vm>` per VM, in the VM's resource group. PUT and DELETE are synchronous
 * (200/201, 200/204). Only the ComputeVmShutdownTask with a daily recurrence is modelled; what
 * fires a schedule is shutdownScheduler.ts.
 */
import { findScheduleTimeZone } from '../../../src/azure/autoShutdown/timeZones';
import type { Ctx } from '../core';
import type { Reply } from '../http';
import type { ResourceRecord } from '../state';
import { parseResourceId, types } from '../state';
import type { JsonObject } from '../util';
import { guid, obj, str } from '../util';
import { beginTopLevelPut, requireResource, requireResourceGroup } from './common';
import { ArmError } from './errors';
import type { Router } from './router';

const schedulePath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DevTestLab/schedules/{name}';

function invalid(message: string, target?: string): ArmError {
    return new ArmError(400, 'BadRequest', message, target);
}

/** Azure answers type and id of these schedules in lower case. */
export function scheduleView(r: ResourceRecord): JsonObject {
    return {
        id: r.id.replace(/\/providers\/Microsoft\.DevTestLab\/schedules\//i, '/providers/microsoft.devtestlab/schedules/'),
        name: r.name,
        type: types.schedule.toLowerCase(),
        location: r.location,
        tags: { ...r.tags },
        properties: structuredClone(r.properties),
    };
}

function checkProperties(ctx: Ctx, name: string, props: JsonObject): void {
    const taskType = str(props.taskType);
    if (taskType !== 'ComputeVmShutdownTask') {
        throw invalid(`The task type '${taskType ?? ''}' is not supported for a schedule outside a lab. Use 'ComputeVmShutdownTask'.`, 'properties.taskType');
    }
    const status = str(props.status) ?? 'Enabled';
    if (status !== 'Enabled' && status !== 'Disabled') {
        throw invalid(`The status '${status}' is not valid. Use 'Enabled' or 'Disabled'.`, 'properties.status');
    }
    const target = str(props.targetResourceId) ?? '';
    const parsed = parseResourceId(target);
    if (!parsed || parsed.type.toLowerCase() !== types.vm.toLowerCase()) {
        throw invalid(`The target resource id '${target}' is not a virtual machine.`, 'properties.targetResourceId');
    }
    const { subscriptionId, resourceGroupName } = ctx.params;
    if (parsed.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase() || parsed.resourceGroup.toLowerCase() !== resourceGroupName.toLowerCase()
        || name.toLowerCase() !== `shutdown-computevm-${parsed.names[0]}`.toLowerCase()) {
        throw invalid(`The schedule should be created in subscription ${parsed.subscriptionId}, resource group ${parsed.resourceGroup} and with name shutdown-computevm-${parsed.names[0]}.`);
    }
    if (!ctx.core.state.get(target)) {
        throw new ArmError(404, 'ResourceNotFound', `The target resource '${target}' was not found.`, 'properties.targetResourceId');
    }
    const time = str(obj(props.dailyRecurrence)?.time) ?? '';
    const m = /^(\d{2})(\d{2})$/.exec(time);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
        throw invalid(`The daily recurrence time '${time}' is not valid. Specify it as HHmm, for example 1900.`, 'properties.dailyRecurrence.time');
    }
    const zone = str(props.timeZoneId) ?? '';
    if (!findScheduleTimeZone(zone)) {
        throw invalid(`The time zone id '${zone}' is not valid.`, 'properties.timeZoneId');
    }
    const minutes = obj(props.notificationSettings)?.timeInMinutes;
    if (minutes !== undefined && (typeof minutes !== 'number' || minutes < 15 || minutes > 120)) {
        throw invalid('The notification time must be a number of minutes between 15 and 120.', 'properties.notificationSettings.timeInMinutes');
    }
}

function putSchedule(ctx: Ctx): Reply {
    const name = ctx.params.name;
    const put = beginTopLevelPut(ctx, types.schedule, name);
    checkProperties(ctx, name, put.props);
    const props: JsonObject = {
        ...put.props,
        status: str(put.props.status) ?? 'Enabled',
        notificationSettings: { status: 'Disabled', timeInMinutes: 30, ...(obj(put.props.notificationSettings) ?? {}) },
        createdDate: str(put.existing?.properties.createdDate) ?? new Date(ctx.core.clock.now()).toISOString(),
        provisioningState: 'Succeeded',
        uniqueIdentifier: str(put.existing?.properties.uniqueIdentifier) ?? guid(),
    };
    const record = put.store(props);
    // A changed schedule is judged from now on: a time already passed today waits for tomorrow.
    record.checkedAt = ctx.core.clock.now();
    return { status: put.existing ? 200 : 201, body: scheduleView(record) };
}

function deleteSchedule(ctx: Ctx): Reply {
    requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName, true);
    const id = `/subscriptions/${ctx.params.subscriptionId}/resourceGroups/${ctx.params.resourceGroupName}/providers/${types.schedule}/${ctx.params.name}`;
    return ctx.core.state.remove(id).length ? { status: 200 } : { status: 204 };
}

export function registerShutdownSchedules(router: Router): void {
    router.add('GET', schedulePath, (ctx) => ({ status: 200, body: scheduleView(requireResource(ctx, types.schedule, ctx.params.name)) }));
    router.add('PUT', schedulePath, putSchedule);
    router.add('DELETE', schedulePath, deleteSchedule);
}
