using Coravel;
using Coravel.Scheduling.Schedule.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// Registers the feed engine. The web host calls, in Program.cs:
/// <code>
/// builder.Services.AddFeedEngine(builder.Configuration);   // after AddConnectPersistence, next to the platforms' AddXxx()
/// ...
/// var app = builder.Build();
/// app.Services.UseFeedScheduler();                          // starts the every-5-seconds schedule tick and the daily purge
/// </code>
/// Run now does not go through Coravel's queue (it drains every 30 s by default): <see cref="FeedRunner"/> starts
/// the run on its own background task, and being a hosted service it cancels and awaits its runs at shutdown.
/// </summary>
public static class FeedEngineModule
{
    public const string InstanceIdKey = "Connect:InstanceId";
    public const string RetentionDaysKey = "Connect:Feeds:RetentionDays";

    public static IServiceCollection AddFeedEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedEngineOptions>().Configure(o =>
        {
            if (configuration[InstanceIdKey] is { Length: > 0 } id) o.InstanceId = id;
            if (configuration[RetentionDaysKey] is { Length: > 0 } days)
                o.RunRetention = int.TryParse(days, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0
                    ? TimeSpan.FromDays(d)
                    : throw new InvalidOperationException($"{RetentionDaysKey} is '{days}'; set it to a whole number of days greater than 0 (default 90).");
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFeedProgressNotifier, FeedProgressNotifier>();
        services.TryAddSingleton<FeedCatalog>();
        services.TryAddSingleton<FeedRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedRunner>());
        services.TryAddSingleton<FeedScheduler>();
        services.TryAddSingleton<FeedQueries>();
        services.TryAddTransient<FeedSchedulerInvocable>();
        services.TryAddSingleton<FeedRetention>();
        services.TryAddTransient<FeedRetentionInvocable>();
        if (!services.Any(d => d.ServiceType == typeof(IScheduler))) services.AddScheduler();
        return services;
    }

    /// <summary>Schedules the tick that launches due feeds and closes abandoned runs. Call once, after Build().</summary>
    public static IServiceProvider UseFeedScheduler(this IServiceProvider services)
    {
        services.UseScheduler(scheduler =>
        {
            scheduler.Schedule<FeedSchedulerInvocable>().EveryFiveSeconds().PreventOverlapping(nameof(FeedSchedulerInvocable));
            // Old runs and their log entries go once a day, at a quiet hour.
            scheduler.Schedule<FeedRetentionInvocable>().DailyAt(3, 30).PreventOverlapping(nameof(FeedRetentionInvocable));
        });
        return services;
    }
}
