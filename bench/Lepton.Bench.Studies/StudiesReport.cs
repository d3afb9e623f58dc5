using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Bench.Studies;

/// <summary>Writes the study store section at the end of docs/benchmarks.md, between its markers (replaced on each run).</summary>
internal static class StudiesReport
{
    private const string Begin = "<!-- studies:begin -->";
    private const string End = "<!-- studies:end -->";

    public static void Write(string path, JsonObject results) => MarkedSection.Write(path, Begin, End, Render(results));

    private static string Render(JsonObject r)
    {
        var s = new StringBuilder();
        s.AppendLine(Begin);
        s.AppendLine("## Study store (lepton tune)");
        s.AppendLine();
        var first = r["overhead"]![0]!;
        s.AppendLine(Inv($"What suggesting and recording one trial costs with {first["existing_trials"]} finished trials already in the study (each with 4 parameters and 5 intermediate values): a real `Tuner` (the default TPE sampler and median pruner, one trial at a time) runs {first["warm_up_trials"]} trials to warm up, then {first["measured_trials"]} measured trials of an objective that only reports {first["reports_per_trial"]} values through `Trial.Report` (as `lepton tune`'s training does) and returns. Its store and sampler are timed call by call; each column is the median over trials of that part's time per trial, with its calls per trial where there are several. The tuner starts a trial and reads the study for the sampler in one call, and reports a value and reads the study for the pruner in one call: one round trip each on PostgreSQL. \"Other\" is the rest of the trial's time: the tuner's own work, the pruner, the trial's thread. \"Cold read\" is one read of the whole study by a store that has cached nothing (a new worker's first read); after it a worker reads only the trials it has not seen finished. Goal: under 10 ms per trial."));
        s.AppendLine();
        s.AppendLine("| Store | Total per trial (median / p95) | Store calls | TPE sample | Start + study read | Set parameters | Reports + study reads | Finish | Other reads | Other | Cold read of the study |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var o in r["overhead"]!.AsArray())
        {
            var total = (double)o!["total_ms_median"]!;
            string Part(string phase) => Inv($"{(double)o[$"{phase}_ms_median"]!:0.00} ms");
            string Calls(string phase) => Inv($" ({(double)o[$"{phase}_calls_per_trial"]!:0.#})");
            s.AppendLine(Inv($"| {o["store"]} | {total:0.00} / {(double)o["total_ms_p95"]!:0.00} ms {(total < 10 ? "PASS" : "FAIL")} | {Part("store")} | {Part("sample")} | {Part("start")} | {Part("set_parameters")} | {Part("report")}{Calls("report")} | {Part("finish")} | {Part("read")}{Calls("read")} | {Part("other")} | {(double)o["cold_read_ms_median"]!:0.0} ms |"));
        }

        if (r["overhead"]!.AsArray().FirstOrDefault(o => o!["round_trip_ms_median"] is not null) is { } pg)
            s.AppendLine().AppendLine(Inv($"One round trip to the PostgreSQL server (`SELECT 1` on a pooled connection) took {(double)pg["round_trip_ms_median"]!:0.00} ms (median) in this run. A trial makes 6 (start + read, parameters, 3 reports + reads, finish) and one durable commit (the finish waits for the disk)."));

        s.AppendLine();
        s.AppendLine(Inv($"Worker processes sharing one study in one SQLite file (WAL, IMMEDIATE write transactions, busy timeout): each a `Tuner` with the default TPE sampler, until the study has {r["workers"]![0]!["asked"]} trials (the store starts a trial only while the study has fewer, so the workers never start more between them). Objective: 5 reports, with 0 ms (pure store and sampler overhead) or 50 ms of sleep (a stand-in for training) per trial. Throughput from the first worker's start to the last one's end (process start-up not counted; wall time with it beside). Goals: 0 lock errors, exactly the trials asked for, numbers unique and contiguous, every trial finished."));
        s.AppendLine();
        s.AppendLine("| Work per trial | Workers | Trials | Finished | Numbers unique + contiguous | Lock errors | Trials per worker | Time | Trials/s | Speed-up | Wall with start-up |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var single = new Dictionary<int, double>();
        foreach (var w in r["workers"]!.AsArray())
        {
            var work = (int)w!["work_ms"]!;
            var n = (int)w["workers"]!;
            var rate = (double)w["trials_per_s"]!;
            if (n == 1) single[work] = rate;
            var ok = (bool)w["numbers_unique_and_contiguous"]! && (int)w["trials"]! == (int)w["asked"]! && (int)w["lock_errors"]! == 0 && (int)w["finished"]! == (int)w["trials"]! && (int)w["failed_workers"]! == 0;
            s.AppendLine(Inv($"| {work} ms | {n} | {w["trials"]} | {w["finished"]} | {((bool)w["numbers_unique_and_contiguous"]! ? "yes" : "NO")} | {w["lock_errors"]} {(ok ? "PASS" : "FAIL")} | {string.Join(", ", w["trials_per_worker"]!.AsArray().Select(x => x!.ToString()))} | {(double)w["span_s"]!:0.00} s | {rate:0.0} | {(single.TryGetValue(work, out var one) ? rate / one : 1):0.00}× | {(double)w["wall_s_with_process_start"]!:0.0} s |"));
        }

        s.AppendLine();
        s.AppendLine(Inv($"Machine: {r["machine"]}. Commit {r["commit"]}, {r["date"]}; the run took {r["seconds"]} s; load average at its end {r["load_average"]} (the 2 cores were shared with other sessions' builds and tests). Command: `bench/studies/run.sh` (it starts a throwaway PostgreSQL 15 server on 127.0.0.1). Raw figures: `bench/results/studies.json`."));
        s.AppendLine();
        s.Append(End);
        return s.ToString();
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
