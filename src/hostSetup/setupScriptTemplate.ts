/**
 * The setup script that the CustomScript extension runs as root on the VM.
 *
 * This string is the one source of truth. It lives in TypeScript, not in a .sh file, because a
 * .sh file would have to be found at runtime from both out/src/hostSetup (tsc) and the esbuild
 * bundle in dist/, and two copies would drift. The unit tests render it and run shellcheck on
 * the result, so it is linted like a real script.
 *
 * Placeholders are replaced by setupScript.ts. Every value is an integer or base64 text inside
 * single quotes, so no input can inject shell; the emulator's test/emulator/setupExtension.ts relies on
 * these exact assignment lines.
 */
export const setupScriptTemplate = `#!/bin/bash
# Azure Docker Hosts: configure dockerd for TLS on this VM. Runs once, as root.
set -euo pipefail

readonly port='@@PORT@@'
readonly ca_pem_b64='@@CA_PEM_B64@@'
readonly server_cert_pem_b64='@@SERVER_CERT_PEM_B64@@'
readonly server_key_pem_b64='@@SERVER_KEY_PEM_B64@@'

# cloud-init installs docker.io; writing the config before it finishes would race the install.
if command -v cloud-init >/dev/null 2>&1; then
    # A "degraded" cloud-init exits non-zero yet may have installed Docker; the check below decides.
    cloud-init status --wait >/dev/null || true
fi

if [ ! -x /usr/bin/dockerd ]; then
    echo "dockerd is missing after cloud-init; installing docker.io from the distribution" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q docker.io
fi

# Nothing written below may be readable by others, not even briefly.
umask 077
install -d -m 0755 /etc/docker
printf '%s' "$ca_pem_b64" | base64 -d >/etc/docker/ca.pem
printf '%s' "$server_cert_pem_b64" | base64 -d >/etc/docker/server-cert.pem
printf '%s' "$server_key_pem_b64" | base64 -d >/etc/docker/server-key.pem
chmod 0444 /etc/docker/ca.pem /etc/docker/server-cert.pem
chmod 0400 /etc/docker/server-key.pem

cat >/etc/docker/daemon.json <<'JSON'
{
  "tls": true,
  "tlsverify": true,
  "tlscacert": "/etc/docker/ca.pem",
  "tlscert": "/etc/docker/server-cert.pem",
  "tlskey": "/etc/docker/server-key.pem"
}
JSON
chmod 0644 /etc/docker/daemon.json

# The stock unit passes -H fd://, which conflicts with "hosts" in daemon.json, so the listen
# addresses go in a drop-in that resets ExecStart.
install -d -m 0755 /etc/systemd/system/docker.service.d
cat >/etc/systemd/system/docker.service.d/azure-docker-hosts.conf <<UNIT
[Service]
ExecStart=
ExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:\${port}
UNIT
chmod 0644 /etc/systemd/system/docker.service.d/azure-docker-hosts.conf

systemctl daemon-reload
systemctl enable docker
systemctl restart docker
systemctl is-active --quiet docker
echo "dockerd listens with TLS on port \${port}"
`;
