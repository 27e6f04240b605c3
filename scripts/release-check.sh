#!/usr/bin/env bash
# Release dry run and reproducible-build check, without credentials and without touching ~/.m2's own artifacts.
#
#   scripts/release-check.sh [OUT_DIR]        (OUT_DIR: where the logs and the summary go; default target/release-check)
#
# 1. Copies the working tree (no target/, no .git) twice, to A/ and B/ under a temporary directory, and sets the
#    release version in both copies (the project's version without -SNAPSHOT), as a release commit would.
# 2. Dry run, in A: ./mvnw -B -Prelease -DskipTests deploy -pl '!sample-app'. The release profile builds the sources,
#    Javadoc (doclint on) and CycloneDX SBOM of every published module, signs everything with a throw-away GPG key made
#    for this run (-Dgpg.skip when gpg is missing), and Sonatype's Central publishing plugin stages the files in Maven
#    Central's layout with checksums and bundles them; nothing is uploaded (earnbase.release.skipUpload=true). Then it
#    checks, per published module, the staged main, sources and Javadoc jars (jar modules), the POM, the SBOM, the
#    checksums and each signature (gpg --verify), that the POMs carry what Central requires (name, description, url,
#    licences, developers, scm, through the parent chain) and that sample-app was not staged.
# 3. Reproducibility, in B: ./mvnw -B -Prelease -DskipTests -Dgpg.skip package -pl '!sample-app', a second clean build
#    in another directory; every jar (main, sources, Javadoc, test jars) and SBOM of the published modules must be
#    byte-identical to A's.
#
# Prints one summary line per part (prefixed "release dry run:" and "reproducible build:"), writes them to
# OUT_DIR/summary.txt (with the list of staged files in OUT_DIR/staged-files.txt and the logs beside them) and exits
# non-zero when either part failed. .ci/run calls it after the matrix cells.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="${1:-$root/target/release-check}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
: > "$out/summary.txt"

work="$(mktemp -d /tmp/earnbase-release.XXXXXX)"
gnupg=""
cleanup() {
  if [ -n "$gnupg" ]; then GNUPGHOME="$gnupg" gpgconf --kill gpg-agent >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$1"; echo "$1" >> "$out/summary.txt"; }

snapshot="$(sed -n 's#^  <version>\(.*\)</version>#\1#p' earnbase-redis-build/pom.xml | head -1)"
release="${snapshot%-SNAPSHOT}"
if [ -z "$snapshot" ]; then
  say "release dry run: FAILED, no project version in earnbase-redis-build/pom.xml"
  say "reproducible build: FAILED, not run"
  exit 1
fi

for copy in A B; do
  mkdir -p "$work/$copy"
  tar --exclude=./.git --exclude=target --exclude=./.ci/out -cf - . | tar -xf - -C "$work/$copy"
  find "$work/$copy" -name pom.xml -exec sed -i "s#<version>$snapshot</version>#<version>$release</version>#g" {} +
done

# A throw-away signing key, made for this run and deleted with the temporary directory
sign_args=(-Dgpg.skip)
signing="unsigned (-Dgpg.skip: gpg not installed)"
if command -v gpg >/dev/null 2>&1; then
  gnupg="$work/gnupg"
  mkdir -m 700 "$gnupg"
  if GNUPGHOME="$gnupg" gpg --batch --pinentry-mode loopback --passphrase '' \
      --quick-gen-key 'earnbase-redis release dry run <dry-run@earnbase.invalid>' ed25519 sign 1d >"$out/gpg.log" 2>&1; then
    key="$(GNUPGHOME="$gnupg" gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '/^fpr/ {print $10; exit}')"
    sign_args=("-Dgpg.keyname=$key")
    signing="signed with a throw-away key"
  else
    signing="unsigned (-Dgpg.skip: could not make a key, see $out/gpg.log)"
    gnupg=""
  fi
fi

published_jars=(earnbase-redis-core earnbase-redis-autoconfigure earnbase-redis-boot3 earnbase-redis-boot4 earnbase-redis-starter)
published_poms=(earnbase-redis-build earnbase-redis-parent earnbase-redis-bom)

# --- 1. dry run in A --------------------------------------------------------------------------------------------------
start=$SECONDS
(cd "$work/A" && GNUPGHOME="${gnupg:-${GNUPGHOME:-}}" ./mvnw -B -Prelease -DskipTests "${sign_args[@]}" \
  -pl '!sample-app' clean deploy) >"$out/dry-run.log" 2>&1
rc=$?
dry_elapsed=$((SECONDS - start))
problems=()
[ $rc -ne 0 ] && problems+=("build failed (exit $rc), see $out/dry-run.log")
staging="$work/A/earnbase-redis-build/target/central-staging/com/earnbase"
bundle="$work/A/earnbase-redis-build/target/central-publishing/central-bundle.zip"
if [ $rc -eq 0 ]; then
  [ -f "$bundle" ] || problems+=("no bundle at earnbase-redis-build/target/central-publishing/central-bundle.zip")
  [ -d "$staging/sample-app" ] && problems+=("sample-app was staged")
  for a in "${published_jars[@]}" "${published_poms[@]}"; do
    dir="$staging/$a/$release"
    base="$dir/$a-$release"
    wanted=("$base.pom" "$base-cyclonedx.json")
    [[ " ${published_jars[*]} " == *" $a "* ]] && wanted+=("$base.jar" "$base-sources.jar" "$base-javadoc.jar")
    for f in "${wanted[@]}"; do
      if [ ! -s "$f" ]; then problems+=("missing ${f#"$staging"/}"); continue; fi
      for sum in md5 sha1; do [ -s "$f.$sum" ] || problems+=("missing ${f#"$staging"/}.$sum"); done
      if [ -n "$gnupg" ]; then
        if [ ! -s "$f.asc" ]; then
          problems+=("missing ${f#"$staging"/}.asc")
        elif ! GNUPGHOME="$gnupg" gpg --batch --verify "$f.asc" "$f" >/dev/null 2>&1; then
          problems+=("bad signature on ${f#"$staging"/}")
        fi
      fi
    done
  done
  # What Central checks in a POM, following the parent chain through the staged POMs
  pom_problems="$(python3 - "$staging" "$release" "${published_jars[@]}" "${published_poms[@]}" <<'PY'
import sys, xml.etree.ElementTree as ET
staging, version, names = sys.argv[1], sys.argv[2], sys.argv[3:]
ns = {'m': 'http://maven.apache.org/POM/4.0.0'}
def load(a):
    try:
        return ET.parse(f'{staging}/{a}/{version}/{a}-{version}.pom').getroot()
    except (OSError, ET.ParseError):
        return None
for a in names:
    pom = load(a)
    if pom is None:
        continue
    missing = [e for e in ('name', 'description') if not (pom.findtext(f'm:{e}', namespaces=ns) or '').strip()]
    chain, node = [], pom
    while node is not None:
        chain.append(node)
        parent = node.findtext('m:parent/m:artifactId', namespaces=ns)
        node = load(parent) if parent else None
    for e in ('url', 'licenses/m:license/m:name', 'developers/m:developer/m:name', 'scm/m:url', 'scm/m:connection'):
        if not any((n.findtext(f'm:{e}', namespaces=ns) or '').strip() for n in chain):
            missing.append(e.replace('m:', ''))
    if missing:
        print(f'{a}.pom lacks {", ".join(missing)}')
PY
)"
  [ -n "$pom_problems" ] && while IFS= read -r p; do problems+=("$p"); done <<<"$pom_problems"
fi
staged=0
if [ -d "$staging" ]; then
  (cd "$staging/../.." && find . -type f | sort) > "$out/staged-files.txt"
  staged=$(wc -l < "$out/staged-files.txt")
fi
if [ ${#problems[@]} -eq 0 ]; then
  say "$(printf 'release dry run: %s staged %s files for %d modules (jar, sources, Javadoc, POM, SBOM, checksums), %s, bundle %s KiB, nothing uploaded (%dm%02ds)' \
    "$release" "$staged" $(( ${#published_jars[@]} + ${#published_poms[@]} )) "$signing" \
    "$(( $(stat -c %s "$bundle") / 1024 ))" $((dry_elapsed / 60)) $((dry_elapsed % 60)))"
  dry_ok=1
else
  say "release dry run: FAILED: $(IFS=';'; echo "${problems[*]:0:8}")"
  [ $rc -ne 0 ] && tail -40 "$out/dry-run.log"
  dry_ok=0
fi

# --- 2. second clean build in B, compared with A ----------------------------------------------------------------------
start=$SECONDS
# (the enforcer and the format check ran in the first build; they do not change what is built)
(cd "$work/B" && ./mvnw -B -Prelease -DskipTests -Dgpg.skip -Denforcer.skip -Dspring-javaformat.skip \
  -pl '!sample-app' clean package) >"$out/second-build.log" 2>&1
rc=$?
rep_elapsed=$((SECONDS - start))
if [ $rc -ne 0 ]; then
  say "reproducible build: FAILED, the second build failed (exit $rc), see $out/second-build.log"
  tail -40 "$out/second-build.log"
  exit 1
fi
compared=0
differ=()
for dir in "${published_jars[@]}" earnbase-redis-bom earnbase-redis-build .; do
  for f in "$work/A/$dir"/target/*.jar "$work/A/$dir"/target/*-cyclonedx.json; do
    [ -f "$f" ] || continue
    other="$work/B/${f#"$work/A/"}"
    compared=$((compared + 1))
    if ! cmp -s "$f" "$other"; then
      differ+=("${f#"$work/A/"}")
      if [[ "$f" == *.jar ]] && [ -f "$other" ]; then
        diff <(unzip -Z -v "$f" | grep -E '^(Central directory entry|  file last modified|  32-bit CRC)' ) \
             <(unzip -Z -v "$other" | grep -E '^(Central directory entry|  file last modified|  32-bit CRC)') \
          > "$out/differ-$(basename "$f").txt" 2>&1
      elif [ -f "$other" ]; then
        diff "$f" "$other" > "$out/differ-$(basename "$f").txt" 2>&1
      fi
    fi
  done
done
if [ $compared -eq 0 ]; then
  say "reproducible build: FAILED, no jar to compare"
  exit 1
elif [ ${#differ[@]} -eq 0 ]; then
  say "$(printf 'reproducible build: %d files (jars: main, sources, Javadoc, tests; SBOMs) byte-identical across two clean builds in two directories (%dm%02ds)' \
    "$compared" $((rep_elapsed / 60)) $((rep_elapsed % 60)))"
else
  say "reproducible build: FAILED, ${#differ[@]} of $compared files differ: ${differ[*]} (entry lists in $out/differ-*.txt)"
  exit 1
fi
[ "$dry_ok" -eq 1 ]
