using System.CommandLine;
using System.Globalization;
using Lepton.Serving;
using Lepton.Serving.Protocol;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Lepton.Cli.Commands;

/// <summary>
/// <c>lepton serve MODEL.lepton|MODEL.onnx|name@alias [--runtime torch|onnx]</c>: an inference server (Open Inference Protocol v2, image predictions,
/// admin API, metrics) with dynamic batching, until Ctrl+C, which finishes the requests in flight.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var defaults = new ServingOptions();
        var source = new Argument<string>("model") { Description = "A .lepton file, an .onnx file (run by ONNX Runtime), or a registry reference: NAME@ALIAS, NAME/VERSION or NAME (latest)." };
        var name = new Option<string?>("--name") { Description = "The name clients use (default: the registry name or the file name)." };
        var host = new Option<string>("--host") { Description = "The address to listen on (0.0.0.0 for every interface).", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port", "-p") { Description = "The TCP port (0 picks a free one).", DefaultValueFactory = _ => defaults.Port };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most samples per forward pass.", DefaultValueFactory = _ => defaults.MaxBatchSize };
        var maxDelay = new Option<double>("--max-delay-ms") { Description = "How long a request may wait for others to batch with.", DefaultValueFactory = _ => defaults.MaxQueueDelay.TotalMilliseconds };
        var workers = new Option<int>("--workers") { Description = "Inference threads per model version.", DefaultValueFactory = _ => defaults.Workers };
        var workerThreads = new Option<int>("--worker-threads") { Description = "Engine threads each forward pass uses (more workers use more cores better).", DefaultValueFactory = _ => defaults.ThreadsPerWorker };
        var noBatching = new Option<bool>("--no-batching") { Description = "Run every request alone (for comparison)." };
        var queue = new Option<int>("--queue") { Description = "Requests that may wait per model version before new ones get 429.", DefaultValueFactory = _ => defaults.QueueCapacity };
        var timeout = new Option<double>("--timeout-ms") { Description = "Default deadline of a request.", DefaultValueFactory = _ => defaults.RequestTimeout.TotalMilliseconds };
        var maxBody = new Option<double>("--max-body-mb") { Description = "Largest request body accepted.", DefaultValueFactory = _ => defaults.MaxRequestBodyBytes / (1024.0 * 1024) };
        var keys = new Option<string?>("--keys") { Description = $"The API key file (default: {ApiKeyStore.DefaultPath}); keys are required once it holds one." };
        var insecure = new Option<bool>("--insecure") { Description = "Serve on an address beyond this machine (--host 0.0.0.0) even though no API key guards it." };
        var jsonLogs = new Option<bool>("--json-logs") { Description = "Write logs as JSON lines (with request ids) instead of text." };
        var runtime = RuntimeOption.Create("The engine that runs the model: torch (TorchSharp) or onnx (ONNX Runtime, with --worker-threads intra-op threads: the model is exported to ONNX in memory at load; a table pipeline still runs in Lepton). An .onnx file always runs on ONNX Runtime.");
        var store = new TrackingStoreOption();
        var common = new CommonOptions();
        var command = new Command("serve", "Serve a model over HTTP (Open Inference Protocol v2) with dynamic batching, versions, API keys and metrics.")
        {
            source, name, host, port, maxBatch, maxDelay, workers, workerThreads, noBatching, queue, timeout, maxBody, keys, insecure, jsonLogs, runtime,
        };
        store.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            common.Apply(result);
            var options = new ServingOptions
            {
                Host = result.GetValue(host)!,
                Port = result.GetValue(port),
                Batching = !result.GetValue(noBatching),
                MaxBatchSize = result.GetValue(maxBatch),
                MaxQueueDelay = TimeSpan.FromMilliseconds(result.GetValue(maxDelay)),
                Workers = result.GetValue(workers),
                ThreadsPerWorker = result.GetValue(workerThreads),
                QueueCapacity = result.GetValue(queue),
                RequestTimeout = TimeSpan.FromMilliseconds(result.GetValue(timeout)),
                MaxRequestBodyBytes = (long)(result.GetValue(maxBody) * 1024 * 1024),
                KeysPath = result.GetValue(keys),
                AllowUnauthenticatedRemote = result.GetValue(insecure),
                TrackingUri = result.GetValue(store.Uri),
                Runtime = RuntimeOption.Parse(result.GetValue(runtime)),
            };
            var problems = options.Validate();
            if (problems.Count > 0) throw new CliException(string.Join(Environment.NewLine, problems));

            var json = result.GetValue(jsonLogs);
            await using var server = InferenceServer.Create(options, logging =>
            {
                if (json) logging.AddJsonConsole(o => o.IncludeScopes = true);
                else logging.AddSimpleConsole(o => o.IncludeScopes = true);
                logging.SetMinimumLevel(LogLevel.Information);
                // One line per request comes from Lepton's own request log; ASP.NET Core's would double it.
                logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            });
            if (options.AllowUnauthenticatedRemote && options.UnauthenticatedExposure() is not null)
            {
                await Console.Error.WriteLineAsync($"WARNING: --insecure: serving on {options.Host} with no API key. Anyone who can reach this port can run, load and unload models; create a key (lepton keys create NAME --scope admin --scope model:*) before exposing it.").ConfigureAwait(false);
            }
            try
            {
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }
            catch (IOException ex)
            {
                // A taken port is the user's to change, not a bug (lepton ui and lepton tracking server say it the same way).
                throw new CliException($"Cannot listen on {options.Host}:{options.Port}: {ex.Message} Choose another with --port.");
            }
            ModelStatus loaded;
            try
            {
                loaded = await server.LoadAsync(result.GetValue(source)!, result.GetValue(name), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }

            var address = server.Address.ToString().TrimEnd('/');
            console.MarkupLineInterpolated($"Serving [cyan]{loaded.Name}[/] version {loaded.Version} (loaded in {loaded.LoadSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s) at [link]{address}[/]");
            console.MarkupLineInterpolated($"  runtime  {RuntimeOption.Name(loaded.Runtime == RuntimeOption.Onnx ? InferenceRuntime.Onnx : InferenceRuntime.Torch)}");
            console.MarkupLineInterpolated($"  infer    POST {address}/v2/models/{loaded.Name}/infer");
            console.MarkupLineInterpolated($"  predict  POST {address}/models/{loaded.Name}/predict   (an image, or JSON instances)");
            console.MarkupLineInterpolated($"  metrics  {address}/metrics    OpenAPI  {address}/openapi.json");
            console.MarkupLineInterpolated($"  batching {(options.Batching ? $"on: up to {options.MaxBatchSize} samples, {options.MaxQueueDelay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms" : "off")}; {options.Workers} worker(s) of {options.ThreadsPerWorker} thread(s). Ctrl+C stops after the requests in flight.");
            await server.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
