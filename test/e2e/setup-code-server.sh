#!/usr/bin/env bash
# Installs code-server (a real VS Code: its server, web workbench and Node extension host) into a
# git-ignored folder so the end-to-end journeys can run offline, with only the npm registry and
# Debian's packages reachable. Idempotent: when the folder is complete (marker file written last,
# matching code-server and Node versions), a second run takes a second or two.
#
#   bash test/e2e/setup-code-server.sh            # install or reuse
#   RUNLENS_E2E_DIR=/somewhere bash ...            # other folder (default: <repo>/.e2e)
#   RUNLENS_E2E_FORCE=1 bash ...                   # reinstall from scratch
#   RUNLENS_E2E_NO_APT=1 bash ...                  # never call apt-get (fail if a tool is missing)
#
# Prints the code-server binary path as its last line of output.
set -euo pipefail

CODE_SERVER_VERSION="${RUNLENS_CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_DIR="${RUNLENS_E2E_DIR:-$ROOT/.e2e}"
CS_DIR="$E2E_DIR/code-server-$CODE_SERVER_VERSION"
MARKER="$CS_DIR/.runlens-setup-complete"
NODE_ABI="$(node -p 'process.versions.modules + "-" + process.version')"
WANT_MARKER="code-server=$CODE_SERVER_VERSION node=$NODE_ABI"
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# node-gyp must build against the installed Node's headers: downloading them is not possible here.
if [[ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ]]; then
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  [[ -f "$node_prefix/include/node/node_version.h" ]] && export npm_config_nodedir="$node_prefix"
fi

log() { printf '[setup-code-server %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
started=$(date +%s)

# --- system packages, checked on every run (cheap): Kerberos headers (to rebuild the kerberos
# module), ripgrep (VS Code's search), chromium (what the journeys drive), a C++ toolchain (node-gyp).
need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
command -v chromium >/dev/null || need_apt+=(chromium)
[[ -e /usr/include/krb5.h || -e /usr/include/gssapi/gssapi.h ]] || need_apt+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || need_apt+=(build-essential)
command -v python3 >/dev/null || need_apt+=(python3)
if ((${#need_apt[@]})); then
  if [[ "${RUNLENS_E2E_NO_APT:-}" == 1 || "$(id -u)" != 0 ]]; then
    log "missing system packages: ${need_apt[*]} (apt-get install -y ${need_apt[*]})"; exit 1
  fi
  log "apt-get install ${need_apt[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --- reuse a complete install (the marker is written last)
if [[ "${RUNLENS_E2E_FORCE:-}" != 1 && -f "$MARKER" && "$(cat "$MARKER")" == "$WANT_MARKER" \
      && -x "$CS_DIR/node_modules/.bin/code-server" ]]; then
  log "reusing $CS_DIR ($WANT_MARKER)"
  echo "$CS_DIR/node_modules/.bin/code-server"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (Node $NODE_ABI)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
printf '{ "name": "runlens-e2e-code-server", "private": true }\n' > package.json

# 1. code-server itself; its postinstall refuses root and downloads ripgrep, so no scripts.
log "npm install code-server"
npm install --ignore-scripts --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null
VS="$CS_DIR/node_modules/code-server/lib/vscode"
[[ -d "$VS" ]] || { log "no $VS after install"; exit 1; }

# 2. VS Code's own runtime dependencies, native modules rebuilt against this Node.
log "npm install in lib/vscode"
(cd "$VS" && npm install --ignore-scripts --omit=dev --loglevel=error >/dev/null)
log "npm rebuild native modules in lib/vscode"
(cd "$VS" && npm rebuild --loglevel=error kerberos node-pty @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog >/dev/null)
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VS/node_modules.asar"
log "npm install in lib/vscode/extensions"
(cd "$VS/extensions" && npm install --ignore-scripts --omit=dev --loglevel=error >/dev/null)

# 3. argon2 (password hashing; loaded at start even with --auth none) was hoisted to the top.
log "npm rebuild argon2"
npm rebuild --loglevel=error argon2 >/dev/null

# 4. Smoke test: the binary answers --version.
# (XDG_CONFIG_HOME: code-server writes a default config file there; keep it out of $HOME.)
XDG_CONFIG_HOME="$CS_DIR/xdg-config" "$CS_DIR/node_modules/.bin/code-server" --version >&2

echo "$WANT_MARKER" > "$MARKER"
log "done in $(( $(date +%s) - started )) s"
echo "$CS_DIR/node_modules/.bin/code-server"
