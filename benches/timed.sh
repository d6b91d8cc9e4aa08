# Sourced by the bench scripts. `timed LABEL COMMAND...` runs COMMAND under
# GNU time, prints one line (wall, user, sys, peak memory), and leaves the
# wall time in $work/last-wall.txt; on failure it shows the command's output
# and stops the script. The caller sets $work.
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)"; exit 1; }

timed() {
  local label=$1 wall user sys rss
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 ||
    { cat "$work/out.txt"; exit 1; }
  read -r wall user sys rss <"$work/time.txt"
  printf '%-22s wall %6.2f s  user %6.2f s  sys %5.2f s  peak %5d MiB\n' \
    "$label" "$wall" "$user" "$sys" $((rss / 1024))
  echo "$wall" >"$work/last-wall.txt"
}
