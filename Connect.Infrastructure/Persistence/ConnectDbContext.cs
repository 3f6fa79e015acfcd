namespace Connect.Infrastructure.Persistence;

public class ConnectDbContext;
