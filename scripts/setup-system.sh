#!/usr/bin/env bash
# Installs the Debian packages Vigie needs (ffmpeg, the demo's RTSP camera simulator, test browser) and starts the
# services its tests use (PostgreSQL, Mosquitto, NATS JetStream). Idempotent; run as root: sudo bash scripts/setup-system.sh
set -euo pipefail

PKGS=(ffmpeg chromium python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav fonts-dejavu-core mosquitto
  nats-server strace)
# strace: the no-biometric test records every file the running centre opens (test/analytics-api/no-biometric.test.ts).
# Without the datasets beside the checkout, the demo loops Debian's copy of PETS09 (opencv-doc's vtest.avi, a 96 MB
# package): real people for its analytics, where generated scenes have none.
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -e "${VIGIE_DATASETS:-$root/../shared/datasets}/pets09-s2l1/PETS09-S2L1.mp4" ] || PKGS+=(opencv-doc)

missing=()
for p in "${PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]}; run: sudo bash scripts/setup-system.sh" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL backs the second store adapter's contract tests; start it when installed but stopped.
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1; then
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
  fi
fi
# Mosquitto carries the MQTT integration's tests; start it (localhost only) when it is not listening.
if command -v mosquitto >/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; then
  mosquitto -d -p 1883 2>/dev/null || mosquitto -d || true
  for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null && break; sleep 0.25; done
fi
# NATS with JetStream carries the cluster bus (docs/cluster-bus.md) and its contract tests; localhost only, its store
# survives restarts (that is what JetStream's acks promise). nats-server does not daemonize itself: setsid + nohup.
if command -v nats-server >/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
  store=/var/lib/nats-server
  [ "$(id -u)" -eq 0 ] || store="${XDG_DATA_HOME:-$HOME/.local/share}/vigie-nats"
  mkdir -p "$store"
  setsid nohup nats-server -a 127.0.0.1 -p 4222 -js -sd "$store" >>"$store/nats-server.log" 2>&1 </dev/null &
  for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null && break; sleep 0.25; done
fi
echo "system ready: $(ffmpeg -version | head -1 | cut -d' ' -f1-3); chromium $(chromium --version 2>/dev/null | cut -d' ' -f2)"
