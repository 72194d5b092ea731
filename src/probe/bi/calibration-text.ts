/**
 * Default calibration text for Block Influence: plain, neutral prose written for Strata (public domain
 * dedication by its authors). Users with a domain in mind should pass their own text with --text.
 */
export const DEFAULT_CALIBRATION_TEXT = `The river starts as a thin stream high in the hills, where snow melts slowly through the spring. It gathers water from small creeks as it falls, and by the time it reaches the valley it is wide enough to carry boats. Farmers along its banks have used it for centuries to water their fields, and towns grew up wherever the current was gentle enough for a bridge.

A good map of the valley shows more than roads and rivers. It records the height of the land with contour lines, the edges of forests, the paths that connect one village to the next, and the places where the ground is too wet to build on. Reading such a map takes practice. A line that bends sharply usually marks a steep slope, while lines that lie far apart describe a plain.

In the kitchen, bread begins with four things: flour, water, salt and yeast. The yeast feeds on sugars in the flour and releases gas, which is trapped by the stretchy network that forms when the dough is kneaded. Time and warmth decide how much the dough rises. A slow rise in a cool room often gives more flavour than a fast one near the oven.

Libraries keep books in an order that lets anyone find them again. Each book receives a number based on its subject, so that works about the same topic stand together on the shelf. A reader who finds one useful book can often discover several more simply by looking at its neighbours. Catalogues, once written on cards, are now searched on screens, but the idea behind them has not changed.

The weather over the sea changes quickly. Warm air rises, cooler air flows in to take its place, and the difference in pressure becomes wind. Sailors learned to read the clouds long before instruments could measure these changes. High thin clouds often arrive a day before rain, while low grey layers bring drizzle that can last for hours.

Learning to play a musical instrument is mostly a matter of patience. Short daily practice works better than long sessions once a week, because the hands and the ear improve a little each day. Teachers often ask students to play slowly at first, so that every note is correct, and only then to increase the speed.

Bees visit thousands of flowers to gather enough nectar for a small amount of honey. As they move from one plant to another, they carry pollen on their bodies, which allows many fruits and seeds to form. A garden with a wide variety of flowers that bloom at different times of the year can feed bees from spring until autumn.

When people build a house, they start with the foundation, because everything above depends on it. The walls come next, then the roof, and only after the building is closed against the weather do the workers move inside to lay floors, fit windows and paint. Careful planning at the start saves time and money at the end.

Numbers can describe a great deal about the world. Counting tells us how many, measuring tells us how much, and comparing two measurements tells us whether something has grown or shrunk. A table of numbers becomes easier to understand when it is drawn as a chart, because the eye notices patterns in shapes faster than in columns of digits.
`;
