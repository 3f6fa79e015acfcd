using MudBlazor;

namespace Connect.Web.Components.Layout;

public static class ConnectTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1E5AA8",
            Secondary = "#00897B",
            AppbarBackground = "#17457F",
            DrawerBackground = "#FFFFFF",
            Background = "#F5F7FA",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "232px" },
    };
}
