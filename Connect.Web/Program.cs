using Connect.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddConnectSettingsFile(args);
builder.Services.AddConnect(builder.Configuration, builder.Environment);

var app = builder.Build();
await app.PrepareConnectAsync();
app.UseConnect();
app.Run();

public partial class Program;
