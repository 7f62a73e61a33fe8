#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter that can create a venv: PATH first, then
# pyenv. When there is none, say why and how to get one on Debian 12 and Ubuntu 22.04/24.04,
# and exit 1. Bash builtins only (no ls, sort, cat): it works with any PATH.
set -u
want="3.10"
tried=()
# 0: Python 3.10 with venv and ensurepip; 1: another version; 2: 3.10 that cannot make a venv
# (Debian and Ubuntu ship ensurepip in the separate python3.10-venv package).
check() {
  "$1" -c "import sys; sys.exit(0 if sys.version_info[:2]==(3,10) else 1)" 2>/dev/null || return 1
  "$1" -c "import ensurepip, venv" 2>/dev/null || return 2
}
try() {
  check "$1"
  case $? in
    0) echo "$1"; exit 0 ;;
    2) tried+=("$1: Python ${want}, but without venv/ensurepip") ;;
    *) v=$("$1" -c 'import sys; print("Python %d.%d" % sys.version_info[:2])' 2>/dev/null)
       tried+=("$1: ${v:-does not run}") ;;
  esac
}
for candidate in python3.10 python3 python; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  try "$path"
done
root=""
if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root 2>/dev/null); fi
[ -n "$root" ] || root="${PYENV_ROOT:-$HOME/.pyenv}"
# pyenv's 3.10.x, newest patch release first.
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
  try "${found[$best]}"
  unset "found[$best]"; found=("${found[@]}")
done

here=""
if [ -r /etc/os-release ]; then
  here=$(. /etc/os-release 2>/dev/null && echo "${NAME:-} ${VERSION_ID:-}")
fi
{
  echo "error: no Python ${want} interpreter that can create a venv was found."
  echo "Rasa 3.6 runs on Python 3.8-3.10 only; this project uses ${want}."
  echo "Looked for python3.10, python3 and python on PATH, and in $root/versions:"
  if [ ${#tried[@]} -eq 0 ]; then echo "  (found none)"; fi
  for line in "${tried[@]}"; do echo "  $line"; done
  [ -z "$here" ] || echo "This machine: $here."
  while IFS= read -r line; do echo "$line"; done <<MSG

How to get Python ${want}, then run make again:
  Ubuntu 22.04: python3 is 3.10 already; add its venv support:
      sudo apt-get install python3.10-venv
  Ubuntu 24.04: python3 is 3.12; take 3.10 from the deadsnakes PPA (or use pyenv, below):
      sudo add-apt-repository ppa:deadsnakes/ppa && sudo apt-get update
      sudo apt-get install python3.10 python3.10-venv
  Debian 12: python3 is 3.11 and Debian has no python3.10 package; build 3.10 with pyenv:
      sudo apt-get install git build-essential libssl-dev zlib1g-dev libbz2-dev \\
        libreadline-dev libsqlite3-dev libncursesw5-dev libffi-dev liblzma-dev tk-dev xz-utils
      git clone https://github.com/pyenv/pyenv.git ~/.pyenv
      ~/.pyenv/bin/pyenv install ${want}     (downloads the CPython source and compiles it)
    make finds the versions in ~/.pyenv (or \$PYENV_ROOT) by itself.
  Any of them, with uv (prebuilt CPython from python-build-standalone; needs internet access
  beyond the package registries, to GitHub):
      pip install uv && uv python install ${want}
      make PYTHON="\$(uv python find ${want})" <target>
  Or name an interpreter you have:  make PYTHON=/path/to/python${want} <target>
MSG
} >&2
exit 1
