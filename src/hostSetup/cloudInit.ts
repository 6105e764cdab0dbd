/**
 * The VM's customData. Azure's API says customData must not carry secrets, so this only installs
 * Docker from Ubuntu's own archive (no script fetched from the internet); the TLS material arrives
 * later through the setup extension's protected settings.
 */
export function renderCloudInit(): string {
    return [
        '#cloud-config',
        'package_update: true',
        'packages:',
        '  - docker.io',
        '',
    ].join('\n');
}
