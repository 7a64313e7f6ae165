// A Java function in the org: pull lists it and skips it.
public class InvoiceReminder implements ZCFunction {
    public void runner(Context context, BasicIO basicIO) throws Exception {
        basicIO.write("reminder sent");
    }
}
