using GoldenQuality.Persistence;
using GoldenQuality.Common;
using GoldenQuality.Exchange.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace GoldenQuality.Exchange;

/// <summary>The Exchange module: envelopes, the outbox and its delivery worker, the directory and the peer transport.</summary>
internal sealed class ExchangeModule : IGqModule
{
    public string Name => "Exchange";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ExchangeOptions>(configuration.GetSection(ExchangeOptions.Section));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<MessageLog>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<MessageLog>());
        services.AddSingleton<ExchangeNode>();
        services.AddSingleton<PeerTransport>();
        services.AddScoped<ExchangeSender>();
        services.AddScoped<ExchangeReceiver>();
        services.AddScoped<ExchangeQueries>();
        services.AddScoped<ExchangeOperations>();
        // The dashboard's sharing matrix reads the reporting database (a standby when there is one).
        services.AddKeyedScoped(Persistence.GqDbContext.Reporting, (sp, _) => new ExchangeOperations(
            sp.GetRequiredKeyedService<Persistence.GqDbContext>(Persistence.GqDbContext.Reporting), sp.GetRequiredService<ExchangeNode>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<ExchangeActivity>();
        services.AddScoped<IExchangeRecords, ExchangeRecords>();
        services.AddScoped<PublishMessage>();
        services.AddScoped(sp => new ReceiveEnvelopes(sp.GetRequiredService<Persistence.GqDbContext>(), sp.GetRequiredService<ExchangeNode>(),
            sp.GetRequiredService<ExchangeReceiver>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        services.AddSingleton<DirectoryService>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectoryService>());
        services.AddSingleton<IStartupPreparation, DirectoryStartup>();
        services.AddSingleton<IStartupPreparation, EnvelopeLinksBackfill>();
        services.AddScoped<WitnessPublisher>();
        services.AddScoped<WitnessStatusQuery>();
        services.AddScoped<ILogWitnesses, LogWitnesses>();
        services.AddScoped<EvidenceBundles>();
        services.AddScoped<IEnvelopeHandler, CheckpointPublishedHandler>();
        services.AddScoped<IEnvelopeHandler, CheckpointWitnessedHandler>();
        services.AddSingleton<WitnessWorker>();
        services.AddLeaderOnlyService<WitnessWorker>();
        services.AddScoped<IDirectoryAuthority, DirectoryAuthority>();
        services.AddHostedService<ExchangeMetrics>();

        // Transient failures are retried at once with jittered exponential backoff, and each peer has its own
        // circuit; longer outages are the outbox's business (durable retries, then dead letters). A batch the peer did
        // not answer in time is neither retried here nor counted against its circuit: a peer that is slow, not gone,
        // would only get the same batch again while it still works on the first. The delivery worker sends a smaller
        // one instead (ExchangeOptions.SendTimeoutSeconds).
        // Mutual TLS: the node's certificate, servers accepted by their directory pin; connections are pooled (decision 0009).
        static ValueTask<bool> Transient(Outcome<HttpResponseMessage> outcome) =>
            ValueTask.FromResult(outcome.Exception is not Polly.Timeout.TimeoutRejectedException && HttpClientResiliencePredicates.IsTransient(outcome));
        services.AddHttpClient(DeliveryWorker.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<PeerTransport>().CreateHandler())
            .AddResilienceHandler("exchange", (pipeline, context) =>
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(100),
                    ShouldHandle = args => Transient(args.Outcome),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 5,
                    SamplingDuration = TimeSpan.FromSeconds(10),
                    BreakDuration = TimeSpan.FromSeconds(2),
                    ShouldHandle = args => Transient(args.Outcome),
                });
                var options = context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExchangeOptions>>().Value;
                pipeline.AddTimeout(TimeSpan.FromSeconds(options.SendTimeoutSeconds));
            })
            .SelectPipelineByAuthority();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapExchange();
        app.MapWitness();
        app.MapDirectoryAuthority();
    }
}
