# Installs the peer runtimes from npm into bench/peers (once) and finds them.
PEERS_DIR="$(pwd)/bench/peers"
if [ ! -d "$PEERS_DIR/node_modules" ]; then
  mkdir -p "$PEERS_DIR"
  (cd "$PEERS_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund node@22 deno bun workerd >/dev/null 2>&1) \
    || echo "warning: some peers failed to install from npm" >&2
fi
peer_bin() {
  local b
  case $1 in
    node) b="$PEERS_DIR/node_modules/node/bin/node"; [ -x "$b" ] || b=$(command -v node) ;;
    deno) b="$PEERS_DIR/node_modules/.bin/deno" ;;
    bun) b="$PEERS_DIR/node_modules/.bin/bun" ;;
    workerd) b="$PEERS_DIR/node_modules/.bin/workerd" ;;
  esac
  [ -n "$b" ] && [ -x "$b" ] && echo "$b"
}
