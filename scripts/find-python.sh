#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter: PATH first, then pyenv.
set -u
want="3.10"
is_wanted() { "$1" -c "import sys; sys.exit(0 if sys.version_info[:2]==(3,10) else 1)" 2>/dev/null; }
for candidate in python3.10 python3 python; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if is_wanted "$path"; then echo "$path"; exit 0; fi
done
root=""
if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root 2>/dev/null); fi
[ -n "$root" ] || root="${PYENV_ROOT:-$HOME/.pyenv}"
for path in $(ls -d "$root"/versions/${want}.*/bin/python 2>/dev/null | sort -V -r); do
  if is_wanted "$path"; then echo "$path"; exit 0; fi
done
cat >&2 <<MSG
error: no Python ${want} interpreter found.
Rasa 3.6 runs on Python 3.8-3.10 only; this project uses ${want}.
Install one, then run make again, e.g.:
  pyenv install ${want}     (with pyenv), or
  apt-get install python${want} python${want}-venv   (where your distribution has it), or
  make PYTHON=/path/to/python${want} <target>
MSG
exit 1
