using Connect.Domain.Feeds;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Feeds;

/// <summary>A platform's implementation of one feed kind. Platforms add these with <see cref="FeedRegistrations.AddFeed{TFeed}"/>.</summary>
public sealed record FeedRegistration(string Platform, FeedKind Kind, Type FeedType);

public static class FeedRegistrations
{
    /// <summary>
    /// Registers <typeparamref name="TFeed"/> as the <paramref name="kind"/> feed of <paramref name="platform"/>
    /// (matched against <c>Integration.Platform</c>, ignoring case). The kind is given here because the catalog must
    /// know it without building the feed; the engine checks it against <see cref="IFeed.Kind"/> at run time.
    /// </summary>
    public static IServiceCollection AddFeed<TFeed>(this IServiceCollection services, string platform, FeedKind kind) where TFeed : class, IFeed
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(platform);
        services.AddScoped<TFeed>();
        services.AddSingleton(new FeedRegistration(platform, kind, typeof(TFeed)));
        return services;
    }
}

/// <summary>Every registered feed, by platform and kind. The engine reads it; it never names a platform itself.</summary>
public sealed class FeedCatalog
{
    private readonly Dictionary<(string Platform, FeedKind Kind), FeedRegistration> _feeds;

    public FeedCatalog(IEnumerable<FeedRegistration> registrations)
    {
        _feeds = new(PlatformKindComparer.Instance);
        foreach (var registration in registrations)
            if (!_feeds.TryAdd((registration.Platform, registration.Kind), registration))
                throw new InvalidOperationException(
                    $"Two feeds are registered as {registration.Platform} '{registration.Kind.DisplayName()}': {_feeds[(registration.Platform, registration.Kind)].FeedType.Name} and {registration.FeedType.Name}.");
    }

    public FeedRegistration? Find(string platform, FeedKind kind) => _feeds.GetValueOrDefault((platform, kind));

    /// <summary>The kinds a platform offers, in the advised set-up order.</summary>
    public IReadOnlyList<FeedKind> KindsFor(string platform) =>
        _feeds.Keys.Where(k => string.Equals(k.Platform, platform, StringComparison.OrdinalIgnoreCase)).Select(k => k.Kind).Order().ToList();

    private sealed class PlatformKindComparer : IEqualityComparer<(string Platform, FeedKind Kind)>
    {
        public static readonly PlatformKindComparer Instance = new();
        public bool Equals((string Platform, FeedKind Kind) x, (string Platform, FeedKind Kind) y) =>
            x.Kind == y.Kind && string.Equals(x.Platform, y.Platform, StringComparison.OrdinalIgnoreCase);
        public int GetHashCode((string Platform, FeedKind Kind) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Platform), obj.Kind);
    }
}
