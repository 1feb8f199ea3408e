from bot.cli import console_main

console_main()
