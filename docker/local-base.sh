#!/bin/sh
# Builds a stand-in for node:20-bookworm-slim on a machine that cannot pull images: Debian bookworm (minbase,
# from the Debian mirror apt already uses) plus this machine's own Node 20, laid out like the official image
# (/usr/local/bin/node, /usr/local/lib/node_modules/npm). Needs root, debootstrap and a running Docker daemon.
#
#   sh docker/local-base.sh [TAG] [ROOTFS]     # TAG defaults to local/node20-bookworm-slim
#   NODE_BASE=local/node20-bookworm-slim npm run test:image
#
# ROOTFS is a directory for debootstrap (reused when it already holds a system). The mirror is read from apt's
# sources (the first `/debian` URI), or given as DEBIAN_MIRROR. The machine's own extra certificate authorities
# (/usr/local/share/ca-certificates, e.g. an egress proxy's) go in too, trusted by Node (NODE_EXTRA_CA_CERTS)
# and by Debian's ca-certificates once the image installs it: builds here reach the registries through them.
set -eu
tag=${1:-local/node20-bookworm-slim}
rootfs=${2:-${TMPDIR:-/tmp}/tuki-bookworm-rootfs}
node_bin=$(command -v node)
case "$(node -p 'process.versions.node.split(".")[0]')" in
  20) ;;
  *) echo "local-base.sh: this machine's node is $(node --version); the image needs Node 20" >&2; exit 1 ;;
esac
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")

if [ ! -x "$rootfs/bin/sh" ]; then
  mirror=${DEBIAN_MIRROR:-$(grep -hEo 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -n1 | tr -d ' ')}
  [ -n "$mirror" ] || { echo "local-base.sh: no Debian mirror found; set DEBIAN_MIRROR" >&2; exit 1; }
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror"
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$node_bin" "$context/node"
cp -a "$npm_dir" "$context/npm"
mkdir -p "$context/ca"
cp /usr/local/share/ca-certificates/*.crt "$context/ca/" 2>/dev/null || true
cat "$context"/ca/*.crt >"$context/extra-ca.pem" 2>/dev/null || : >"$context/extra-ca.pem"
cat >"$context/Dockerfile" <<'EOF'
FROM local/bookworm-minbase
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca/ /usr/local/share/ca-certificates/
COPY extra-ca.pem /usr/local/share/extra-ca.pem
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/extra-ca.pem
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && node --version && npm --version
CMD ["node"]
EOF
tar -C "$rootfs" -c . | docker import - local/bookworm-minbase
docker build --network host -t "$tag" "$context"
echo "built $tag: NODE_BASE=$tag npm run test:image"
