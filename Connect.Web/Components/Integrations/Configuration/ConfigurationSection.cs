using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Connect.Web.Components.Integrations.Configuration;

/// <summary>
/// A section of the Configuration tab: reads what it shows from the tab's shared <see cref="ConfigurationData"/> (or its
/// own when rendered alone) and loads once per integration, so a re-render of the tab never throws away what the admin
/// is editing.
/// </summary>
public abstract class ConfigurationSection : ComponentBase
{
    [Inject] protected IDbContextFactory<ConnectDbContext> Contexts { get; set; } = null!;
    [Inject] private IntegrationPlatforms Platforms { get; set; } = null!;

    [CascadingParameter] protected Task<AuthenticationState> Auth { get; set; } = null!;
    [CascadingParameter] private ConfigurationData? Shared { get; set; }

    [Parameter, EditorRequired] public int IntegrationId { get; set; }

    /// <summary>The tab's data for this integration.</summary>
    protected ConfigurationData Data { get; private set; } = null!;

    private int? _loadedFor;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == IntegrationId) return;
        _loadedFor = IntegrationId;
        Data = Shared is { } shared && shared.IntegrationId == IntegrationId ? shared : new ConfigurationData(IntegrationId, Contexts, Platforms);
        await LoadAsync();
    }

    protected abstract Task LoadAsync();
}
