using Bunit;
using Connect.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Connect.Web.Tests.Components;

/// <summary>The layout keeps the circuit alive when a page fails to render, and lets the user recover.</summary>
public sealed class MainLayoutTests : BunitContext
{
    public MainLayoutTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        AddAuthorization().SetAuthorized("admin");
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
    }

    [Fact]
    public void A_page_that_fails_to_render_shows_a_friendly_message_with_a_recover_button()
    {
        FailingPage.Fail = true;
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, b => { b.OpenComponent<FailingPage>(0); b.CloseComponent(); }));

        layout.Find("#page-error").TextContent.ShouldContain("Something went wrong while showing this page");
        layout.FindAll("#failing-page").ShouldBeEmpty();

        FailingPage.Fail = false;
        layout.Find("#page-error-recover").Click();

        layout.WaitForAssertion(() => layout.Find("#failing-page").TextContent.ShouldBe("Fine now"));
        layout.FindAll("#page-error").ShouldBeEmpty();
    }

    private sealed class FailingPage : ComponentBase
    {
        public static bool Fail { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            if (Fail) throw new InvalidOperationException("The page broke.");
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "id", "failing-page");
            builder.AddContent(2, "Fine now");
            builder.CloseElement();
        }
    }
}
