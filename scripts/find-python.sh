#!/usr/bin/env bash
# Print the path of a Python interpreter that can create a venv: 3.11 first, then 3.10
# (or only the versions given as arguments, e.g. `find-python.sh 3.10`), each on PATH
# first, then in pyenv. When there is none, say why and how to get one on Debian 12 and
# Ubuntu 22.04/24.04, and exit 1. Bash builtins only (no ls, sort, cat): it works with any
# PATH.
set -u
if [ $# -gt 0 ]; then wants=("$@"); else wants=(3.11 3.10); fi
want="${wants[0]}"
tried=()
# 0: the wanted version with venv and ensurepip; 1: another version; 2: the wanted version
# that cannot make a venv (Debian and Ubuntu ship ensurepip in the separate
# python3.X-venv package).
check() {
  "$1" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$2' else 1)" \
    2>/dev/null || return 1
  "$1" -c "import ensurepip, venv" 2>/dev/null || return 2
}
# try PATH VERSION [LAST]: print PATH and exit when it fits; remember why not when LAST
# (the last version tried for this path), or when it is the wanted version without venv.
try() {
  check "$1" "$2"
  case $? in
    0) echo "$1"; exit 0 ;;
    2) tried+=("$1: Python $2, but without venv/ensurepip") ;;
    *) [ -n "${3:-}" ] || return 0
       v=$("$1" -c 'import sys; print("Python %d.%d" % sys.version_info[:2])' 2>/dev/null)
       tried+=("$1: ${v:-does not run}") ;;
  esac
}
root=""
if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root 2>/dev/null); fi
[ -n "$root" ] || root="${PYENV_ROOT:-$HOME/.pyenv}"
names=()
for want in "${wants[@]}"; do names+=("python$want"); done
names+=(python3 python)
for want in "${wants[@]}"; do
  for candidate in "${names[@]}"; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    last=""; [ "$want" = "${wants[${#wants[@]}-1]}" ] && last=1
    try "$path" "$want" "$last"
  done
  # pyenv's <want>.x, newest patch release first.
  found=()
  for path in "$root"/versions/${want}.*/bin/python; do
    [ -x "$path" ] && found+=("$path")
  done
  while [ ${#found[@]} -gt 0 ]; do
    best=0
    for i in "${!found[@]}"; do
      patch=${found[$i]#"$root"/versions/${want}.}; patch=${patch%%[!0-9]*}
      top=${found[$best]#"$root"/versions/${want}.}; top=${top%%[!0-9]*}
      [ "${patch:-0}" -gt "${top:-0}" ] && best=$i
    done
    try "${found[$best]}" "$want" 1
    unset "found[$best]"; found=("${found[@]}")
  done
done
want="${wants[0]}"
here=""
if [ -r /etc/os-release ]; then
  here=$(. /etc/os-release 2>/dev/null && echo "${NAME:-} ${VERSION_ID:-}")
fi
versions="${wants[*]}"; versions="${versions// / or }"
looked=""
for name in "${names[@]}"; do looked+="${looked:+, }$name"; done
pyenv_build='sudo apt-get install git build-essential libssl-dev zlib1g-dev libbz2-dev \
        libreadline-dev libsqlite3-dev libncursesw5-dev libffi-dev liblzma-dev tk-dev xz-utils
      git clone https://github.com/pyenv/pyenv.git ~/.pyenv
      ~/.pyenv/bin/pyenv install VERSION     (downloads the CPython source and compiles it)
    make finds the versions in ~/.pyenv (or $PYENV_ROOT) by itself.'
case " ${wants[*]} " in
  *" 3.11 "*)
    debian="python3 is 3.11; add its venv support:
      sudo apt-get install python3-venv"
    ubuntu22="python3 is 3.10, which works too (the pre-release check uses it); add its
    venv support:
      sudo apt-get install python3.10-venv" ;;
  *)
    debian="python3 is 3.11 and Debian has no python3.10 package; build ${want} with
    pyenv (below)."
    ubuntu22="python3 is 3.10 already; add its venv support:
      sudo apt-get install python3.10-venv" ;;
esac
{
  echo "error: no Python ${versions} interpreter that can create a venv was found."
  echo "This project runs on Python 3.11 (Rasa 3.6 with the overrides of"
  echo "requirements/overrides-py3.11.txt) and 3.10; this command needs ${versions}."
  echo "Looked for ${looked} on PATH, and in $root/versions:"
  if [ ${#tried[@]} -eq 0 ]; then echo "  (found none)"; fi
  for line in "${tried[@]}"; do echo "  $line"; done
  [ -z "$here" ] || echo "This machine: $here."
  while IFS= read -r line; do echo "$line"; done <<MSG

How to get Python ${want}, then run make again:
  Debian 12: ${debian}
  Ubuntu 22.04: ${ubuntu22}
  Ubuntu 24.04: python3 is 3.12; take ${want} from the deadsnakes PPA (or use pyenv, below):
      sudo add-apt-repository ppa:deadsnakes/ppa && sudo apt-get update
      sudo apt-get install python${want} python${want}-venv
  Any of them, with pyenv (builds CPython from source):
      ${pyenv_build//VERSION/$want}
  Any of them, with uv (prebuilt CPython from python-build-standalone; needs internet access
  beyond the package registries, to GitHub):
      pip install uv && uv python install ${want}
      make PYTHON="\$(uv python find ${want})" <target>
  Or name an interpreter you have:  make PYTHON=/path/to/python${want} <target>
MSG
} >&2
exit 1
