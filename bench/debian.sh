# Sourced by the bench scripts: what they need from Debian, installed when run as root.
# need_python IMPORTS PACKAGE...: when "$PYTHON" cannot `import IMPORTS` (e.g. "sklearn, pandas"), installs the Debian
# packages as root (running apt-get update once if the install fails), or says what to install and exits.
need_python() {
  local imports=$1
  shift
  "$PYTHON" -c "import $imports" 2>/dev/null && return 0
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null || { apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
  else
    echo "Missing Python packages ($imports): sudo apt-get install $*" >&2
    exit 1
  fi
}
