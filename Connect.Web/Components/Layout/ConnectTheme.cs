using MudBlazor;

namespace Connect.Web.Components.Layout;

public static class ConnectTheme
{
    // Every colour that carries white text (chips, filled buttons) reaches at least 4.5:1 against it (WCAG AA):
    // MudBlazor's defaults for success, warning, info and error are near 2.2-3.7:1.
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1E5AA8",
            Secondary = "#00695C",
            Success = "#2E7D32",
            Warning = "#A15C00",
            Error = "#C62828",
            Info = "#1565C0",
            AppbarBackground = "#17457F",
            DrawerBackground = "#FFFFFF",
            Background = "#F5F7FA",
            TextSecondary = "rgba(0,0,0,0.68)",
            ActionDefault = "rgba(0,0,0,0.68)",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "232px" },
    };
}
