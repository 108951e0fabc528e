# Sourced by the benchmark scripts: npm_ci_locked DIR installs DIR's node_modules exactly as its
# package-lock.json says, and again only when that lock file changed since the last install.
npm_ci_locked() {
  local dir=$1 stamp lock_sum
  stamp="$dir/node_modules/.installed-lock.sha256"
  lock_sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
    echo "installing: npm ci in ${dir#"$PWD"/}" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$lock_sum" >"$stamp"
  fi
}
