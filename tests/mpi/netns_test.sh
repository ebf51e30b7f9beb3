#!/usr/bin/env bash
# stemma-mpi across two "hosts": network namespaces joined by veth pairs on a bridge, Open MPI
# launching its daemons into them through an rsh agent (`ip netns exec`), TCP only. Needs root
# and iproute2; not part of ctest (it changes the machine's network setup while it runs).
#   tests/mpi/netns_test.sh STEMMA STEMMA_MPI REPO_ROOT
set -euo pipefail
STEMMA=$1 STEMMA_MPI=$2 ROOT=$3
work=$(mktemp -d)
NET=10.77.0
cleanup() {
  for i in 1 2; do ip netns del "stemma-h$i" 2>/dev/null || true; done
  ip link del stbr0 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip link add stbr0 type bridge
ip addr add "$NET.1/24" dev stbr0
ip link set stbr0 up
for i in 1 2; do
  ip netns add "stemma-h$i"
  ip link add "veth-h$i" type veth peer name eth0 netns "stemma-h$i"
  ip link set "veth-h$i" master stbr0
  ip link set "veth-h$i" up
  ip netns exec "stemma-h$i" ip addr add "$NET.$((i + 1))/24" dev eth0
  ip netns exec "stemma-h$i" ip link set eth0 up
  ip netns exec "stemma-h$i" ip link set lo up
done
cat >"$work/agent.sh" <<AGENT
#!/bin/sh
# Open MPI rsh agent: "host command..." runs the command in that host's namespace.
host=\$1; shift
case \$host in
  $NET.2) ns=stemma-h1 ;;
  $NET.3) ns=stemma-h2 ;;
  *) echo "agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec "\$ns" sh -c "\$*"
AGENT
chmod +x "$work/agent.sh"
printf '%s slots=2\n%s slots=2\n' "$NET.2" "$NET.3" >"$work/hosts"
MPIRUN=(timeout 300 mpirun --allow-run-as-root --hostfile "$work/hosts" --mca plm_rsh_agent "$work/agent.sh"
        --mca oob_tcp_if_include "$NET.0/24" --mca btl_tcp_if_include "$NET.0/24" --mca btl self,tcp)

/usr/bin/python3 "$ROOT/bench/gen_corpus.py" 240 --out "$work/corpus" --seed 7 --queries 0 --spin 0.15 --reuse 0.4 >/dev/null
mkdir "$work/shards"
split -n l/6 -d --additional-suffix=.jsonl "$work/corpus/corpus.jsonl" "$work/shards/part-"
shards=("$work"/shards/part-*.jsonl)
"${MPIRUN[@]}" -np 4 sh -c 'echo "rank $OMPI_COMM_WORLD_RANK on $(ip -4 -o addr show eth0 | awk "{print \$4}")"' 2>/dev/null | sort
edges() { sqlite3 "$1" "SELECT story_id, parent, child, relation, credited, printf('%.9f', confidence) FROM edges ORDER BY parent, child"; }
"$STEMMA" ingest "${shards[@]}" --db "$work/single.db" --quiet
"${MPIRUN[@]}" -np 4 "$STEMMA_MPI" --db "$work/netns.db" "${shards[@]}" 2>&1 | grep -v "PMIX ERROR" || true
[[ -f $work/netns.db ]] || { echo "FAIL: no store from the two-namespace run" >&2; exit 1; }
if [[ $(edges "$work/single.db") == "$(edges "$work/netns.db")" ]]; then
  echo "ok: 4 ranks on two network namespaces store the same $(edges "$work/single.db" | wc -l) edges as stemma ingest"
else
  echo "FAIL: the two-namespace run differs from stemma ingest" >&2
  exit 1
fi
